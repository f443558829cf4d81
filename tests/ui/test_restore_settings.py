"""An image made by Kontext Studio, dropped on the prompt box, offers its settings back in an
inline bar; other images become the reference as before."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QGuiApplication

from kontext_studio.errors import StorageError
from kontext_studio.images.metadata import Provenance, embed_provenance
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui import reference_slot, restore_bar
from kontext_studio.ui.app import FrontDoor
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.generate_tab import MATCH, GenerateTab
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.reference_slot import SlotState
from tests.ui.conftest import until
from tests.ui.test_generate_tab import drop_files
from tests.ui.test_window import close_window, completed, open_window

MADE = Provenance(
    prompt="a lighthouse in a storm, oil painting",
    model="flux-kontext-max",
    ratio="16:9",
    task_id="task-42",
    app_version="0.1.0",
    is_edit=False,
    output_format="png",
)


def image(path: Path, provenance: Provenance | None = None, fmt: str = "PNG") -> Path:
    Image.new("RGB", (96, 64), (40, 90, 160)).save(path, fmt)
    if provenance is not None:
        path.write_bytes(embed_provenance(path.read_bytes(), provenance))
    return path


async def dropped_on_prompt(tab: GenerateTab, path: Path) -> None:
    assert drop_files(tab.prompt.viewport(), path)
    await until(lambda: tab.restore_bar.isVisibleTo(tab) or tab.slot.state is not SlotState.EMPTY)


async def test_a_kontext_image_offers_to_restore_its_settings(
    tab: GenerateTab, tmp_path: Path
) -> None:
    tab.prompt.setPlainText("something I was typing")
    await dropped_on_prompt(tab, image(tmp_path / "made.png", MADE))

    bar = tab.restore_bar
    assert bar.isVisibleTo(tab)
    assert "made with Kontext Studio" in bar.title.text()
    assert "a lighthouse in a storm" in bar.detail.text()
    assert "Flux Kontext Max" in bar.detail.text() and "16:9" in bar.detail.text()
    assert tab.slot.state is SlotState.EMPTY, "nothing is taken before the artist answers"
    assert tab.prompt.toPlainText() == "something I was typing"
    assert tab.generate_button.isEnabled(), "the bar does not block the form"

    bar.restore_button.click()
    assert not bar.isVisibleTo(tab)
    request = tab.current_request()
    assert request.prompt == MADE.prompt
    assert request.model == "flux-kontext-max"
    assert request.aspect_ratio == "16:9"
    assert tab.slot.state is SlotState.EMPTY


async def test_use_as_reference_from_the_bar(tab: GenerateTab, tmp_path: Path) -> None:
    path = image(tmp_path / "made.jpg", MADE, "JPEG")
    await dropped_on_prompt(tab, path)
    assert tab.restore_bar.isVisibleTo(tab), "JPEG provenance is read too"

    tab.restore_bar.reference_button.click()
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.slot.path == str(path)
    assert not tab.restore_bar.isVisibleTo(tab)
    assert tab.prompt.toPlainText() == ""


async def test_dismiss_changes_nothing(tab: GenerateTab, tmp_path: Path) -> None:
    tab.ratio_buttons["4:3"].click()
    await dropped_on_prompt(tab, image(tmp_path / "made.png", MADE))
    tab.restore_bar.dismiss_button.click()
    assert not tab.restore_bar.isVisibleTo(tab)
    assert tab.slot.state is SlotState.EMPTY
    assert tab.current_request().aspect_ratio == "4:3"
    assert tab.prompt.toPlainText() == ""


async def test_an_image_without_provenance_becomes_the_reference(
    tab: GenerateTab, tmp_path: Path
) -> None:
    path = image(tmp_path / "plain.png")
    await dropped_on_prompt(tab, path)
    await until(lambda: tab.slot.state is SlotState.READY)
    assert not tab.restore_bar.isVisibleTo(tab)
    assert tab.slot.path == str(path)
    assert tab.edit_mode


async def test_of_several_files_dropped_on_the_prompt_the_first_image_is_taken_and_said(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """ "notes.txt, plain.png, moon.png" dropped on the prompt box: before, notes.txt was
    taken and refused, and the images went nowhere without a word. Now the first image
    becomes the reference and the slot says the others were left out, as a drop on it does."""
    notes = tmp_path / "notes.txt"
    notes.write_text("ideas for the storm")
    plain, moon = image(tmp_path / "plain.png"), image(tmp_path / "moon.png")
    assert drop_files(tab.prompt.viewport(), notes, plain, moon)
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.slot.path == str(plain)
    assert tab.slot._detail.text().endswith(
        "Took the first image of 3 files; the others were left out."
    )


async def test_the_bar_says_the_files_dropped_with_its_image_were_left_out(
    tab: GenerateTab, tmp_path: Path
) -> None:
    made, moon = image(tmp_path / "made.png", MADE), image(tmp_path / "moon.png")
    await dropped_on_prompt(tab, made)
    assert "left out" not in tab.restore_bar.detail.text()
    tab.restore_bar.dismiss_button.click()
    assert drop_files(tab.prompt.viewport(), made, moon)
    await until(lambda: tab.restore_bar.isVisibleTo(tab))
    assert tab.restore_bar.detail.text().endswith(
        "Took the first of 2 files; the other was left out."
    )
    tab.restore_bar.reference_button.click()
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.slot.path == str(made)
    assert tab.slot._detail.text().endswith("Took the first of 2 files; the other was left out.")


async def test_an_edit_restored_in_edit_mode_keeps_the_reference_shape(
    tab: GenerateTab, tmp_path: Path
) -> None:
    tab.set_reference(str(image(tmp_path / "base.png")))
    await until(lambda: tab.slot.state is SlotState.READY)
    edit = Provenance(
        prompt="make it night",
        model="flux-kontext-pro",
        ratio="",
        task_id="t",
        app_version="0.1.0",
        is_edit=True,
    )
    await dropped_on_prompt(tab, image(tmp_path / "edited.png", edit))
    await until(lambda: tab.restore_bar.isVisibleTo(tab))
    assert "shape of its reference" in tab.restore_bar.detail.text()
    tab.restore_bar.restore_button.click()
    assert tab.prompt.toPlainText() == "make it night"
    assert tab.ratio_buttons[MATCH].isChecked()
    assert tab.slot.state is SlotState.READY, "the reference stays"


async def test_an_edits_settings_name_the_reference_shape_and_keep_a_ratio_without_one(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """An edit's file says its ratio is "match", as the engine writes it. The bar said
    "match" as it was, and restoring it with no reference here checked the hidden shape
    button: no ratio was chosen, and Generate was refused for want of one."""
    edit = Provenance(
        prompt="make it night",
        model="flux-kontext-pro",
        ratio="match",
        task_id="t",
        app_version="0.1.0",
        is_edit=True,
    )
    tab.ratio_buttons["4:3"].click()
    await dropped_on_prompt(tab, image(tmp_path / "edited.png", edit))
    detail = tab.restore_bar.detail.text()
    assert "shape of its reference" in detail and "match" not in detail

    tab.restore_bar.restore_button.click()
    assert tab.prompt.toPlainText() == "make it night"
    assert tab.ratio_buttons["4:3"].isChecked()
    assert tab.current_request().validated().aspect_ratio == "4:3"
    assert tab.generate()


async def test_a_newer_drop_wins(tab: GenerateTab, tmp_path: Path) -> None:
    first = image(tmp_path / "first.png", MADE)
    second = image(tmp_path / "second.png")
    tab.restore_bar.offer_file(str(first))
    tab.restore_bar.offer_file(str(second))
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.slot.path == str(second)
    assert not tab.restore_bar.isVisibleTo(tab)


async def test_a_restored_prompt_clears_the_style(tab: GenerateTab, tmp_path: Path) -> None:
    action = tab.style_picker.menu_action("Watercolor")
    assert action is not None
    action.trigger()
    await dropped_on_prompt(tab, image(tmp_path / "made.png", MADE))
    tab.restore_bar.restore_button.click()
    assert tab.style_picker.current is None
    assert tab.current_request().prompt == MADE.prompt, "its stored prompt is sent as it was"


async def offered_beside_the_reference(tab: GenerateTab, path: Path) -> None:
    """The image is the reference, and the bar offers its settings: no "Use as reference"
    (it is one), only Restore settings and Dismiss."""
    await until(lambda: tab.restore_bar.isVisibleTo(tab))
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.slot.path == str(path)
    assert "a lighthouse in a storm" in tab.restore_bar.detail.text()
    assert not tab.restore_bar.reference_button.isVisibleTo(tab)
    assert tab.restore_bar.restore_button.isVisibleTo(tab)


async def test_a_kontext_image_browsed_as_the_reference_offers_its_settings(
    tab: GenerateTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = image(tmp_path / "made.png", MADE)
    monkeypatch.setattr(
        reference_slot.QFileDialog, "getOpenFileName", lambda *args: (str(made), "")
    )
    tab.prompt.setPlainText("make the sea calm")
    tab.slot.browse()
    await offered_beside_the_reference(tab, made)

    tab.restore_bar.restore_button.click()
    assert not tab.restore_bar.isVisibleTo(tab)
    request = tab.current_request()
    assert (request.prompt, request.model, request.aspect_ratio) == (
        MADE.prompt,
        "flux-kontext-max",
        "16:9",
    )
    assert request.image_path == str(made), "the reference stays"
    tab.prompt.undo()
    assert tab.prompt.toPlainText() == "make the sea calm"


async def test_a_kontext_image_dropped_on_the_reference_slot_offers_its_settings(
    tab: GenerateTab, tmp_path: Path
) -> None:
    made = image(tmp_path / "made.jpg", MADE, "JPEG")
    assert drop_files(tab.slot, made)
    await offered_beside_the_reference(tab, made)
    tab.restore_bar.dismiss_button.click()
    assert not tab.restore_bar.isVisibleTo(tab)
    assert tab.slot.path == str(made), "dismissing keeps the reference"
    assert tab.prompt.toPlainText() == ""


async def test_a_kontext_image_pasted_with_ctrl_v_offers_its_settings(
    tab: GenerateTab, tmp_path: Path
) -> None:
    made = image(tmp_path / "made.png", MADE)
    copied = QMimeData()
    copied.setUrls([QUrl.fromLocalFile(str(made))])
    QGuiApplication.clipboard().setMimeData(copied)
    assert tab.paste_reference()  # Edit → Paste reference image (Ctrl+V), the slot's Paste
    await offered_beside_the_reference(tab, made)


async def test_the_offer_goes_with_its_reference(tab: GenerateTab, tmp_path: Path) -> None:
    made = image(tmp_path / "made.png", MADE)
    assert drop_files(tab.slot, made)
    await offered_beside_the_reference(tab, made)
    plain = image(tmp_path / "plain.png")
    assert drop_files(tab.slot, plain)
    await until(lambda: tab.slot.state is SlotState.READY and tab.slot.path == str(plain))
    assert not tab.restore_bar.isVisibleTo(tab), "a new reference without settings"

    assert drop_files(tab.slot, made)
    await offered_beside_the_reference(tab, made)
    tab.slot.clear()
    assert not tab.restore_bar.isVisibleTo(tab)


async def sent(tab: GenerateTab, prompt: str) -> None:
    """Type ``prompt`` and press Generate; back once its job is made."""
    submitted: list[int] = []
    tab.submitted.connect(submitted.append)
    tab.prompt.setPlainText(prompt)
    assert tab.generate()
    await until(lambda: len(submitted) == 1)


async def test_the_offer_beside_the_reference_goes_once_the_edit_is_sent(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Left unanswered, the offer of the reference's settings stayed after the edit had
    been sent with a prompt of the artist's own, asking about a form that was gone: the
    press answered it. The reference stays for the next edit."""
    made = image(tmp_path / "made.png", MADE)
    assert drop_files(tab.slot, made)
    await offered_beside_the_reference(tab, made)

    await sent(tab, "give the lighthouse a red roof")

    assert not tab.restore_bar.isVisibleTo(tab)
    assert tab.slot.path == str(made)
    assert tab.prompt.toPlainText() == "give the lighthouse a red roof"


async def test_the_offer_stays_when_the_library_could_not_write_the_edit(
    tab: GenerateTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed, the library refused the job (a full disk): nothing was sent, the
    form is still the artist's to send, and the offer of its reference's settings is still
    a question. It went at the press, and the settings were out of reach but for loading
    the image again."""
    made = image(tmp_path / "made.png", MADE)
    assert drop_files(tab.slot, made)
    await offered_beside_the_reference(tab, made)
    errors: list[str] = []
    tab._bridge.error.connect(lambda message, *rest: errors.append(message))

    def refused(*args: object, **kwargs: object) -> None:
        raise StorageError("database or disk is full")

    monkeypatch.setattr(tab._session.ledger, "create_job", refused)
    tab.prompt.setPlainText("give the lighthouse a red roof")
    assert tab.generate()
    await until(lambda: not tab._bridge.busy)

    assert errors, "the refusal is said"
    await offered_beside_the_reference(tab, made)
    tab.restore_bar.restore_button.click()
    assert tab.current_request().prompt == MADE.prompt


async def test_an_offer_of_the_next_reference_stays_when_an_earlier_press_ends(
    tab: GenerateTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit's jobs are made seconds after the press (a large photo scaled down); the
    artist has loaded the next reference meanwhile, and its offer is not the one the
    press answered."""
    made = image(tmp_path / "made.png", MADE)
    assert drop_files(tab.slot, made)
    await offered_beside_the_reference(tab, made)
    engine = tab._session.engine
    submit, go_on = engine.submit_several, asyncio.Event()

    async def slow(
        request: GenerateRequest, count: int, press: str, called: str | None
    ) -> list[Snapshot]:
        await go_on.wait()
        return await submit(request, count, press=press, called=called)

    monkeypatch.setattr(engine, "submit_several", slow)
    tab.prompt.setPlainText("give the lighthouse a red roof")
    assert tab.generate()
    assert not tab.restore_bar.isVisibleTo(tab), "the press answers the offer"
    after = image(tmp_path / "after.png", replace(MADE, prompt="a lighthouse at dawn"))
    assert drop_files(tab.slot, after)
    await until(lambda: tab.restore_bar.isVisibleTo(tab) and tab.slot.path == str(after))

    go_on.set()
    await until(lambda: not tab.submitting)

    assert tab.restore_bar.isVisibleTo(tab)
    assert "a lighthouse at dawn" in tab.restore_bar.detail.text()


async def test_a_reference_sent_before_its_settings_were_read_offers_nothing(
    tab: GenerateTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading, go_on = threading.Event(), threading.Event()

    def slow(path: Path) -> Provenance | None:
        reading.set()
        go_on.wait(10)
        return restore_bar.read_provenance(path)

    monkeypatch.setattr(restore_bar, "provenance_of", slow)
    made = image(tmp_path / "made.png", MADE)
    assert drop_files(tab.slot, made)
    await until(lambda: reading.is_set() and tab.slot.state is SlotState.READY)

    await sent(tab, "give the lighthouse a red roof")
    go_on.set()
    await until(lambda: not tab._bridge.busy)

    assert not tab.restore_bar.isVisibleTo(tab)


async def test_an_image_dropped_on_the_prompt_is_still_offered_after_a_send(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Dropped on the prompt box, the image is not in the form yet: what to do with it
    (its settings, or as the reference) is still to answer for the next job."""
    await dropped_on_prompt(tab, image(tmp_path / "made.png", MADE))

    await sent(tab, "a harbour at noon")

    assert tab.restore_bar.isVisibleTo(tab)
    tab.restore_bar.reference_button.click()
    await until(lambda: tab.slot.state is SlotState.READY)


async def test_a_reference_cleared_before_its_settings_were_read_offers_nothing(
    tab: GenerateTab, tmp_path: Path
) -> None:
    assert drop_files(tab.slot, image(tmp_path / "made.png", MADE))
    tab.slot.clear()
    await until(lambda: not tab._bridge.busy)
    assert not tab.restore_bar.isVisibleTo(tab)


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge)
    yield made
    await close_window(made)


async def test_use_as_reference_from_the_library_offers_the_jobs_settings(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library knows how its artworks were made: the job's settings are offered, the
    file is not read for them."""
    tab = window.generate_tab
    tab.prompt.setPlainText("a lighthouse in a storm, oil painting")
    tab.ratio_buttons["16:9"].click()
    tab.model.setCurrentIndex(tab.model.findData("flux-kontext-max"))
    assert tab.generate()
    await until(lambda: completed(window.library.current_snapshot()))
    snapshot = window.library.current_snapshot()
    assert snapshot is not None
    read: list[Path] = []
    monkeypatch.setattr(restore_bar, "provenance_of", lambda path: read.append(path))
    tab.prompt.setPlainText("")
    tab.ratio_buttons["1:1"].click()
    tab.model.setCurrentIndex(tab.model.findData("flux-kontext-pro"))

    window.library.commands["use_as_reference"].trigger()
    await offered_beside_the_reference(tab, Path(snapshot.file_path))
    assert "Flux Kontext Max" in tab.restore_bar.detail.text()
    assert read == []
    tab.restore_bar.restore_button.click()
    request = tab.current_request()
    assert (request.prompt, request.model, request.aspect_ratio) == (
        "a lighthouse in a storm, oil painting",
        "flux-kontext-max",
        "16:9",
    )
    assert tab.slot.name == "a lighthouse in a storm, oil painting.png"


async def test_an_image_handed_over_by_a_second_launch_offers_its_settings(
    window: MainWindow, tmp_path: Path
) -> None:
    """``kontext-studio IMAGE`` while the window is open: the image is the reference there,
    and its settings are offered as for one browsed."""
    made = image(tmp_path / "made.png", MADE)
    door = FrontDoor()
    door.window = window
    assert await door.knock(str(made))
    await offered_beside_the_reference(window.generate_tab, made)
