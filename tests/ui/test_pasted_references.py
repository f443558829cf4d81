"""Bad clipboards pasted as the Generate tab's reference (Ctrl+V, the Paste button): a huge
image, an empty one, one with see-through pixels, a file that is gone, huge or no image,
words. Each is taken or refused in the words a file's refusal uses, under the same limits,
and a huge one is refused before it is encoded or decoded: its PNG alone took seconds and
hundreds of megabytes, to be refused once written."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QByteArray, QMetaType, QMimeData, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage, QImageReader

from kontext_studio.images.validate import REFERENCE_FILE_LIMITS
from kontext_studio.session import Session
from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.generate_tab import GenerateTab
from kontext_studio.ui.reference_slot import SlotState
from tests.ui.conftest import until
from tests.ui.test_generate_tab import OtherAppsImage


@pytest.fixture(autouse=True)
def clean_clipboard() -> Iterator[None]:
    """Leave no mime data on the clipboard: PySide crashes at exit freeing it otherwise."""
    yield
    QGuiApplication.clipboard().clear()


def giant_png(width: int, height: int) -> bytes:
    """A whole black-and-white PNG of ``width``×``height``: a few kilobytes, hundreds of
    megapixels once decoded."""
    row = b"\x00" + bytes((width + 7) // 8)
    squeezer = zlib.compressobj(9)
    pixels = b"".join(squeezer.compress(row) for _ in range(height)) + squeezer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pasted_files(session: Session) -> list[Path]:
    folder = session.paths.cache / "pasted"
    return sorted(folder.iterdir()) if folder.is_dir() else []


async def refused(tab: GenerateTab) -> str:
    await until(lambda: tab.slot.state is SlotState.REFUSED)
    problem = tab.slot.problem
    assert problem is not None
    return problem.lines()


def title(tab: GenerateTab) -> str:
    label = tab.slot.findChild(ElidedLabel, "referenceTitle")
    assert label is not None
    return label.text()


def jpeg(width: int, height: int, *, said: tuple[int, int] | None = None, mode: str = "L") -> bytes:
    """A plain JPEG of ``width``×``height``, its header saying ``said`` when given: what a
    huge one's header tells, without its pixels."""
    out = io.BytesIO()
    Image.new(mode, (width, height), 90).save(out, "JPEG")
    data = bytearray(out.getvalue())
    if said is not None:
        at = data.index(b"\xff\xc0") + 5
        data[at : at + 4] = struct.pack(">HH", said[1], said[0])
    return bytes(data)


class OtherAppsJpeg(QMimeData):
    """An image another app offered only as a JPEG: Qt's ``imageData()`` decodes it on the
    GUI thread, whatever its size (recorded in ``decoded``)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.jpeg, self.decoded = data, 0

    def formats(self) -> list[str]:
        return ["image/jpeg", "application/x-qt-image"]

    def hasFormat(self, mime_type: str) -> bool:
        return mime_type in self.formats()

    def retrieveData(self, mime_type: str, preferred_type: QMetaType) -> Any:
        if mime_type == "application/x-qt-image":
            self.decoded += 1
            return QImage.fromData(self.jpeg)
        return QByteArray(self.jpeg) if mime_type == "image/jpeg" else None


async def test_a_huge_jpeg_from_another_app_is_refused_by_its_header_not_decoded(
    tab: GenerateTab, session: Session
) -> None:
    """An image offered only as a JPEG (or a BMP) was decoded on the GUI thread, whatever
    its size, to be refused for its pixels after: the window stood still meanwhile."""
    mime = OtherAppsJpeg(jpeg(16, 16, said=(12000, 9000)))
    QGuiApplication.clipboard().setMimeData(mime)

    assert tab.paste_reference()
    words = await refused(tab)

    assert "The pasted image is 12000×9000 (108\u00a0MP); the limit is 89.5\u00a0MP" in words
    assert mime.decoded == 0
    assert pasted_files(session) == []


async def test_a_jpeg_from_another_app_is_taken_as_a_png(tab: GenerateTab) -> None:
    mime = OtherAppsJpeg(jpeg(64, 48))
    QGuiApplication.clipboard().setMimeData(mime)

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    assert Image.open(tab.slot.path or "").format == "PNG"
    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (64, 48)
    assert mime.decoded == 0


async def test_a_huge_image_copied_in_this_app_is_refused_as_a_file_is_without_being_saved(
    tab: GenerateTab, session: Session
) -> None:
    """A 12000×9000 image (108 MP, over the 89.5 MP a file may have) was encoded to a PNG,
    written to the cache and only then refused: seconds of work and a file for nothing."""
    image = QImage(12000, 9000, QImage.Format.Format_Mono)
    image.fill(0)
    QGuiApplication.clipboard().setImage(image)

    assert tab.paste_reference()
    words = await refused(tab)

    assert "The pasted image is 12000×9000 (108\u00a0MP); the limit is 89.5\u00a0MP" in words
    assert "fewer pixels" in words and "copy it and paste it again" in words
    assert pasted_files(session) == []
    assert title(tab) == "The pasted image"


async def test_a_huge_image_from_another_app_is_refused_for_its_pixels_not_called_damaged(
    tab: GenerateTab, session: Session
) -> None:
    """A 20000×20000 PNG another app put there (a few kilobytes) was decoded in full to be
    checked, which Qt refuses over its memory limit: the slot called it damaged."""
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(giant_png(20000, 20000)))

    assert tab.paste_reference()
    words = await refused(tab)

    assert "The pasted image is 20000×20000 (400\u00a0MP); the limit is 89.5\u00a0MP" in words
    assert "damaged" not in words
    assert pasted_files(session) == []


async def test_a_pasted_png_over_the_byte_limit_is_refused_for_its_size(
    tab: GenerateTab, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = REFERENCE_FILE_LIMITS.__class__(
        max_bytes=1024 * 1024, max_pixels=REFERENCE_FILE_LIMITS.max_pixels, formats=("PNG",)
    )
    monkeypatch.setattr("kontext_studio.ui.reference_slot.REFERENCE_FILE_LIMITS", limits)
    noise = Image.effect_noise((700, 700), 80).convert("RGB")
    path = tmp_path / "noise.png"
    noise.save(path)
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(path.read_bytes()))

    assert tab.paste_reference()
    words = await refused(tab)

    assert "The pasted image is" in words and "the limit is 1\u00a0MB" in words
    assert "Save it to a file as a JPEG" in words and "WebP" not in words
    assert pasted_files(session) == []


async def test_a_large_image_from_another_app_within_the_limit_is_taken(
    tab: GenerateTab,
) -> None:
    """Qt refuses to decode more than 256 MB of pixels unless told: an 8200×8200 screenshot
    (67 MP, under the 89.5 MP limit) was called damaged. Checked in full, as a file is."""
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(giant_png(8200, 8200)))

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is not SlotState.CHECKING, timeout=60)

    assert tab.slot.problem is None
    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (8200, 8200)
    # Qt's limit is the whole process's: raised, every decode after (the clipboard's, on the
    # GUI thread) could take hundreds of MB.
    assert QImageReader.allocationLimit() == 256


async def test_a_large_jpeg_from_another_app_within_the_limit_is_taken_as_a_png(
    tab: GenerateTab,
) -> None:
    """An 8200×8200 photo offered only as a JPEG (67 MP, under the 89.5 MP limit) is more
    than Qt decodes (256 MB): made a PNG by Pillow, not called damaged."""
    mime = OtherAppsJpeg(jpeg(8200, 8200, mode="RGB"))
    QGuiApplication.clipboard().setMimeData(mime)

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is not SlotState.CHECKING, timeout=60)

    assert tab.slot.problem is None
    assert Image.open(tab.slot.path or "").format == "PNG"
    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (8200, 8200)
    assert mime.decoded == 0


async def test_an_image_with_see_through_pixels_is_taken(tab: GenerateTab) -> None:
    image = QImage(120, 90, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 128, 128, 40))
    QGuiApplication.clipboard().setImage(image)

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    assert Image.open(tab.slot.path or "").mode == "RGBA"


async def test_an_empty_image_is_nothing_to_paste(tab: GenerateTab) -> None:
    QGuiApplication.clipboard().setImage(QImage())

    assert not tab.paste_reference()
    assert tab.slot.state is SlotState.EMPTY


async def test_words_are_nothing_to_paste(tab: GenerateTab) -> None:
    QGuiApplication.clipboard().setText("a windmill in a storm")

    assert not tab.paste_reference()
    assert tab.slot.state is SlotState.EMPTY


def copied_file(path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    QGuiApplication.clipboard().setMimeData(mime)


async def test_a_copied_file_that_is_gone_is_refused_as_not_found(
    tab: GenerateTab, tmp_path: Path
) -> None:
    copied_file(tmp_path / "gone.png")

    assert tab.paste_reference()
    words = await refused(tab)

    assert "gone.png" in words and "Traceback" not in words


async def test_a_copied_file_that_is_no_image_is_refused(tab: GenerateTab, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    copied_file(notes)

    assert tab.paste_reference()
    words = await refused(tab)

    assert "notes.txt" in words


async def test_a_copied_file_over_the_byte_limit_is_refused_unread(
    tab: GenerateTab, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.png"
    with open(huge, "wb") as file:
        file.truncate(REFERENCE_FILE_LIMITS.max_bytes + 1)
    copied_file(huge)

    assert tab.paste_reference()
    words = await refused(tab)

    assert "huge.png is 100.1\u00a0MB; the limit is 100\u00a0MB" in words
