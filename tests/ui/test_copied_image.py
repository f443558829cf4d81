"""Copy image, then a paste into another app: the app gets a PNG made off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QImage

from kontext_studio.session import Session
from kontext_studio.ui import copied_image
from kontext_studio.ui.bridge import Bridge
from tests.ui.conftest import until
from tests.ui.test_library import add_image, completed_job, loaded_panel


@pytest.fixture(autouse=True)
def clean_clipboard() -> Iterator[None]:
    yield
    QGuiApplication.clipboard().clear()


async def test_a_copied_image_is_pasted_into_another_app_as_a_png_made_off_the_gui_thread(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each paste of a copied artwork into another app froze the window while Qt encoded it
    as a PNG there and then: 0.6 s for a 2 MP artwork, 28 s for a 42 MP one (the other app
    gave up). The PNG is made once, in a worker thread, and the other app gets it."""
    encoded_on: list[threading.Thread] = []
    encode = copied_image.encode_png

    def recorded(image: QImage) -> object:
        encoded_on.append(threading.current_thread())
        return encode(image)

    monkeypatch.setattr(copied_image, "encode_png", recorded)
    done = await completed_job(session, "a copper kettle")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(done.id)
    clipboard = QGuiApplication.clipboard()

    panel.commands["copy_image"].trigger()
    await until(lambda: (held := clipboard.mimeData()) is not None and held.hasFormat("image/png"))

    assert encoded_on and threading.main_thread() not in encoded_on
    held = clipboard.mimeData()
    assert held is not None
    pasted = QImage.fromData(held.data("image/png"))
    image = clipboard.image()
    assert (image.width(), image.height()) == (done.width, done.height)
    assert pasted.convertToFormat(image.format()) == image


async def test_what_was_copied_after_the_image_keeps_the_clipboard(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words copied while the image's PNG is still being made stay on the clipboard: the
    PNG, once made, is not added to them."""
    words_copied = threading.Event()
    encode = copied_image.encode_png

    def after_the_words(image: QImage) -> object:
        words_copied.wait(10)
        return encode(image)

    monkeypatch.setattr(copied_image, "encode_png", after_the_words)
    done = await completed_job(session, "a copper kettle")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(done.id)
    clipboard = QGuiApplication.clipboard()

    panel.commands["copy_image"].trigger()
    await until(lambda: (held := clipboard.mimeData()) is not None and held.hasImage())
    clipboard.setText("a copper kettle, brushed")
    words_copied.set()
    await bridge.wait_idle()

    held = clipboard.mimeData()
    assert held is not None
    assert clipboard.text() == "a copper kettle, brushed"
    assert not held.hasFormat("image/png") and not held.hasImage()


async def test_copy_image_of_a_damaged_artwork_says_so_in_the_library_s_words(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Its file cut short since: "This image cannot be used. Cause: 000001-….jpg is
    truncated or damaged. Choose another image, one that opens in other apps.", a reference
    image's words, naming a file the library shows nowhere."""
    done = await completed_job(session, "a copper kettle dented")
    image = Path(done.file_path)
    image.write_bytes(image.read_bytes()[:300])
    panel = await loaded_panel(bridge, owned)
    panel.select_job(done.id)
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("a kettle, before")

    panel.commands["copy_image"].trigger()
    await until(lambda: bool(said))
    assert said == [
        (
            "“a copper kettle dented” was not copied: its image file does not open. It is "
            "damaged, or not an image.",
            "Put a copy from a backup in its place, under the same name, or download it again "
            "where the preview offers it.",
        )
    ]
    assert clipboard.text() == "a kettle, before"


async def test_copy_image_of_a_damaged_imported_artwork_does_not_offer_a_download(
    bridge: Bridge, session: Session, owned: list[QObject], tmp_path: Path
) -> None:
    """An imported artwork was never on KIE: its damaged file was said to be put right by
    downloading it again "where the preview offers it", which the preview never does."""
    done = add_image(session, tmp_path, "a kettle brought in")
    image = Path(done.file_path)
    image.write_bytes(image.read_bytes()[:30])
    panel = await loaded_panel(bridge, owned)
    panel.select_job(done.id)
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))

    panel.commands["copy_image"].trigger()
    await until(lambda: bool(said))
    assert said == [
        (
            "“a kettle brought in” was not copied: its image file does not open. It is "
            "damaged, or not an image.",
            "If you have a copy from a backup, put it in its place, under the same name.",
        )
    ]
