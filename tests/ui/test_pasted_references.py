"""Bad clipboards pasted as the Generate tab's reference (Ctrl+V, the Paste button): a huge
image, an empty one, one with see-through pixels, a file that is gone, huge or no image,
words. Each is taken or refused in the words a file's refusal uses, under the same limits,
and a huge one is refused before it is encoded or decoded: its PNG alone took seconds and
hundreds of megabytes, to be refused once written."""

from __future__ import annotations

import io
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import QByteArray, QMetaType, QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage, QImageReader
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kontext_studio.images.validate import REFERENCE_FILE_LIMITS
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.ui import reference_slot
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.generate_tab import GenerateTab
from kontext_studio.ui.reference_slot import WINDOWS_PNG, SlotState, extension_note
from tests.ui.conftest import (
    banner_messages,
    close_generate_tab,
    open_generate_tab,
    until,
)
from tests.ui.test_generate_tab import OtherAppsImage, come_back


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


def qt_reads(monkeypatch: pytest.MonkeyPatch) -> list[QImageReader]:
    """The whole decodes Qt's readers make from now on."""
    read = QImageReader.read
    made: list[QImageReader] = []

    def recorded_read(self: QImageReader, *args: Any) -> QImage:
        made.append(self)
        return read(self, *args)

    monkeypatch.setattr(QImageReader, "read", recorded_read)
    return made


async def test_a_jpeg_from_another_app_is_kept_as_it_came(
    tab: GenerateTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JPEG was decoded by Qt and made a PNG several times its size (an 89 MP photo:
    decoded twice, encoded again, tens of seconds): it is written as it came, its pixels
    decoded once, by the file's check."""
    data = jpeg(64, 48)
    mime = OtherAppsJpeg(data)
    QGuiApplication.clipboard().setMimeData(mime)
    reads = qt_reads(monkeypatch)

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    path = Path(tab.slot.path or "")
    assert path.suffix == ".jpg" and path.read_bytes() == data
    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (64, 48)
    assert extension_note(tab.slot.info) is None
    assert mime.decoded == 0
    assert reads == []


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


async def test_a_large_bmp_from_another_app_within_the_limit_is_taken_as_a_png(
    tab: GenerateTab,
) -> None:
    """An 8200×8200 picture offered only as a BMP (67 MP, under the 89.5 MP limit) is more
    than Qt decodes (256 MB): made a PNG by Pillow, not called damaged."""
    out = io.BytesIO()
    Image.new("1", (8200, 8200), 1).save(out, "BMP")
    mime = OtherAppsFile(out.getvalue(), "image/bmp")
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


class OtherAppsFile(QMimeData):
    """An image another app offers as its file under the MIME type ``kind``, and as
    ``application/x-qt-image``, which Qt's ``imageData()`` decodes on the GUI thread
    (recorded in ``decoded``). ``kind`` :data:`WINDOWS_PNG`: the PNG browsers put on the
    Windows clipboard, which Qt lists as ``application/x-qt-image`` only and gives as it
    came when asked for it by its registered name."""

    def __init__(self, data: bytes, kind: str) -> None:
        super().__init__()
        self.file, self.kind, self.decoded = data, kind, 0

    def formats(self) -> list[str]:
        listed = [] if self.kind == WINDOWS_PNG else [self.kind]
        return [*listed, "application/x-qt-image"]

    def hasFormat(self, mime_type: str) -> bool:
        return mime_type in (self.kind, "application/x-qt-image")

    def retrieveData(self, mime_type: str, preferred_type: QMetaType) -> Any:
        if mime_type == "application/x-qt-image":
            self.decoded += 1
            return QImage.fromData(self.file)
        return QByteArray(self.file) if self.hasFormat(mime_type) else None


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [("image/jpg", "JPEG"), ("image/x-bmp", "BMP"), (WINDOWS_PNG, "PNG")],
    ids=["jpg", "x-bmp", "windows-png"],
)
async def test_an_image_offered_under_a_name_qt_does_not_list_is_decoded_off_the_gui_thread(
    tab: GenerateTab, kind: str, fmt: str
) -> None:
    """An image another app offered as ``image/jpg`` or ``image/x-bmp`` (names Qt's readers
    do not list), or a browser's PNG on Windows, was decoded by ``imageData()`` on the GUI
    thread, whatever its size: the window stood still meanwhile."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 90, 20)).save(out, fmt)
    mime = OtherAppsFile(out.getvalue(), kind)
    QGuiApplication.clipboard().setMimeData(mime)

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (64, 48)
    assert mime.decoded == 0


async def test_a_png_from_another_app_is_decoded_once_by_the_check_not_by_qt(
    tab: GenerateTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another app's PNG was decoded whole by Qt to be sure it was an image, then again by
    the check every reference gets: an 89 MP screenshot took ~360 MB more, and seconds,
    at each paste. Its header is read, its pixels decoded once, by the check."""
    reads = qt_reads(monkeypatch)
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(giant_png(3000, 2000)))

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (3000, 2000)
    assert reads == []


@pytest.mark.parametrize("size", [(3000, 2000), (7000, 6000)], ids=["small", "over-qt-limit"])
async def test_a_damaged_png_pasted_is_said_damaged_as_the_pasted_image(
    tab: GenerateTab, session: Session, bridge: Bridge, qapp: QApplication, size: tuple[int, int]
) -> None:
    """A damaged PNG of over 33.5 MP (more than Qt decodes) was written and refused by the
    file's check as "pasted-3f2a….png is truncated or damaged", a file the artist never
    made, told to "choose another image", and kept in the cache until the next day."""
    cut = giant_png(*size)[:-40]
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(cut))

    assert tab.paste_reference()
    words = await refused(tab)

    assert "The pasted image is truncated or damaged" in words
    assert "Copy it again in the app it came from" in words
    assert "pasted-" not in words and "Traceback" not in words and "Choose another" not in words
    assert title(tab) == "The pasted image"
    assert pasted_files(session) == []
    # Back in the window, it is not checked again and said gone.
    come_back(qapp)
    await until(lambda: not bridge.busy)
    assert "truncated or damaged" in await refused(tab)


class HeldFirstSave:
    """The first pasted image's worker (:func:`_write_pasted`) held before it begins until
    :attr:`release` is set; :attr:`finished` once it has run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.save = reference_slot._write_pasted
        self.release, self.finished = threading.Event(), threading.Event()
        self.calls = 0
        monkeypatch.setattr(reference_slot, "_write_pasted", self)

    def __call__(self, *args: Any) -> None:
        self.calls += 1
        if self.calls > 1:
            return self.save(*args)
        self.release.wait(60)
        try:
            return self.save(*args)
        finally:
            self.finished.set()


async def big_paste_held(tab: GenerateTab, monkeypatch: pytest.MonkeyPatch) -> HeldFirstSave:
    """A 1600 x 1200 image pasted into ``tab``, its worker held before it begins."""
    held = HeldFirstSave(monkeypatch)
    big = QImage(1600, 1200, QImage.Format.Format_RGB32)
    big.fill(QColor(200, 30, 30))
    QGuiApplication.clipboard().setImage(big)
    assert tab.paste_reference()
    await until(lambda: held.calls == 1)
    return held


def small_png(path: Path) -> Path:
    Image.new("RGB", (64, 48), (20, 90, 200)).save(path)
    return path


@pytest.mark.parametrize("replaced_by", ["paste", "file", "clear"])
async def test_a_paste_replaced_while_it_is_read_stops_and_never_lands(
    tab: GenerateTab,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    replaced_by: str,
) -> None:
    """A big paste replaced before it was written (another paste, a file dropped, Clear) went
    on decoding and encoding it, and wrote a file nothing used: each 89 MP screenshot
    pasted over took ~360 MB and seconds more. The newer choice stays."""
    held = await big_paste_held(tab, monkeypatch)

    try:
        if replaced_by == "paste":
            QGuiApplication.clipboard().setMimeData(
                OtherAppsImage(small_png(tmp_path / "small.png").read_bytes())
            )
            assert tab.paste_reference()
        elif replaced_by == "file":
            copied_file(small_png(tmp_path / "small.png"))
            assert tab.paste_reference()
        else:
            tab.slot.clear()
        await until(lambda: tab.slot.state is not SlotState.CHECKING)
    finally:
        held.release.set()
    await until(held.finished.is_set)

    if replaced_by == "clear":
        assert tab.slot.state is SlotState.EMPTY
        assert pasted_files(session) == []
        return
    assert tab.slot.state is SlotState.READY
    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (64, 48)
    expected = [Path(tab.slot.path or "")] if replaced_by == "paste" else []
    assert pasted_files(session) == expected


class HeldFirstCall:
    """The first call of ``reference_slot.<function>`` (in a worker thread) held, before it
    runs, until :attr:`release` is set; :attr:`finished` once it has run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, function: str) -> None:
        self.run = getattr(reference_slot, function)
        self.release, self.finished = threading.Event(), threading.Event()
        self.calls = 0
        monkeypatch.setattr(reference_slot, function, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls > 1:
            return self.run(*args, **kwargs)
        self.release.wait(60)
        try:
            return self.run(*args, **kwargs)
        finally:
            self.finished.set()


@pytest.mark.parametrize(
    "held_in", ["write_atomically", "inspect_image"], ids=["while-written", "while-checked"]
)
async def test_a_paste_replaced_as_its_file_is_written_or_checked_leaves_no_file(
    tab: GenerateTab,
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    held_in: str,
) -> None:
    """A paste replaced once past its last stop (its file being written, or checked) wrote
    its file all the same, and it stayed in the cache a day, used by nothing: a screenshot
    pasted over another, megabytes each time. Only the newer paste's file is left."""
    held = HeldFirstCall(monkeypatch, held_in)
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(giant_png(3000, 2000)))
    assert tab.paste_reference()
    await until(lambda: held.calls == 1)

    try:
        QGuiApplication.clipboard().setMimeData(
            OtherAppsImage(small_png(tmp_path / "small.png").read_bytes())
        )
        assert tab.paste_reference()
        await until(lambda: tab.slot.state is SlotState.READY)
    finally:
        held.release.set()
    await until(held.finished.is_set)
    await until(lambda: not bridge.busy)

    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (64, 48)
    assert pasted_files(session) == [Path(tab.slot.path or "")]


@pytest.mark.parametrize(
    "held_in", ["_write_pasted", "inspect_image"], ids=["while-read", "while-checked"]
)
@pytest.mark.parametrize("closed", ["tab", "app"])
async def test_a_paste_as_the_window_closes_comes_back_with_the_form(
    bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch, closed: str, held_in: str
) -> None:
    """The window closed (its tab deleted for a switch of mode, or the app quitting) as a
    pasted screenshot was read: the form kept for the next window names its file, which
    was never written once the paste stopped at the close. The next window refused it,
    "The pasted image does not exist", the screenshot maybe gone from the clipboard."""
    errors = banner_messages(bridge)
    tab = await open_generate_tab(bridge)
    held = HeldFirstCall(monkeypatch, held_in)
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(giant_png(3000, 2000)))
    assert tab.paste_reference()
    await until(lambda: held.calls == 1)
    kept = tab.draft()[0]

    try:
        if closed == "tab":
            shiboken6.delete(tab)
        else:
            await bridge.aclose()
    finally:
        held.release.set()
    await until(held.finished.is_set)
    await until(lambda: not bridge.busy)
    if closed == "app":
        shiboken6.delete(tab)

    assert kept.image_path is not None
    assert pasted_files(session) == [Path(kept.image_path)]
    assert errors == []
    if closed == "tab":
        after = await open_generate_tab(bridge)
        try:
            after.restore_draft(kept, None)
            await until(lambda: after.slot.state is SlotState.READY)
            assert after.slot.info is not None and after.slot.info.width == 3000
        finally:
            await close_generate_tab(after, bridge)


async def test_a_damaged_paste_whose_file_cannot_be_removed_is_still_said_damaged(
    tab: GenerateTab, bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged paste's file that could not be removed (on Windows, held open by a virus
    scanner) raised the system's PermissionError over the refusal: "Something went wrong"
    in a banner, and the slot said "Permission denied" of a file the artist never made."""
    errors = banner_messages(bridge)
    unlink = Path.unlink

    def held_open(self: Path, missing_ok: bool = False) -> None:
        if self.name.startswith("pasted-"):
            raise PermissionError(13, "Permission denied", str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", held_open)
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(giant_png(3000, 2000)[:-40]))

    assert tab.paste_reference()
    words = await refused(tab)
    await until(lambda: not bridge.busy)

    assert "The pasted image is truncated or damaged" in words
    assert errors == []


@pytest.mark.parametrize("spoiled", ["damaged", "gone"])
async def test_a_paste_spoiled_before_generate_is_said_as_the_pasted_image(
    tab: GenerateTab, bridge: Bridge, session: Session, spoiled: str
) -> None:
    """A paste's file cut short or removed (a disk clean-up) after its check: Generate's
    banner said "pasted-be2e82c3ae1f.jpg is truncated or damaged" (or "does not exist"), a
    file the artist never made, where the slot said "The pasted image"."""
    said = banner_messages(bridge)
    QGuiApplication.clipboard().setMimeData(OtherAppsJpeg(jpeg(64, 48)))
    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)
    path = Path(tab.slot.path or "")
    if spoiled == "damaged":
        path.write_bytes(path.read_bytes()[:200])
    else:
        path.unlink()
    tab.prompt.setPlainText("add a moon")

    assert tab.generate()
    await until(lambda: bool(said))
    words = "\n".join([*said, await refused(tab)])

    assert "The pasted image" in said[0]
    assert "pasted-" not in words
    assert session.ledger.count() == 0


@pytest.mark.parametrize("earlier", [False, True], ids=["into-empty", "over-a-file"])
async def test_undo_of_reuse_settings_over_a_paste_being_read_puts_back_what_is_there(
    tab: GenerateTab,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    earlier: bool,
) -> None:
    """Reuse settings pressed while a big paste was still read stops the paste: its file is
    never written. Ctrl+Z brought the paste back as the form's reference, refused as "The
    pasted image does not exist", an image the artist had just pasted. The slot gets back
    what it held before the paste (a file), or nothing, and says nothing of the paste."""
    if earlier:
        sketch = small_png(tmp_path / "sketch.png")
        tab.set_reference(str(sketch))
        await until(lambda: tab.slot.state is SlotState.READY)
    QTest.keyClicks(tab.prompt, "a lighthouse in fog")
    held = await big_paste_held(tab, monkeypatch)
    try:
        tab.apply_snapshot(session.ledger.create_job(GenerateRequest(prompt="a heron at dusk")))
        assert tab.slot.state is SlotState.EMPTY
    finally:
        held.release.set()
    await until(held.finished.is_set)

    QTest.keyClick(tab.prompt, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: tab.slot.state is not SlotState.CHECKING)

    assert tab.prompt.toPlainText() == "a lighthouse in fog"
    assert tab.slot.problem is None
    assert "does not exist" not in tab.slot._detail.text()
    if earlier:
        assert tab.slot.state is SlotState.READY and tab.slot.path == str(sketch)
        assert tab.edit_mode
    else:
        assert tab.slot.state is SlotState.EMPTY and not tab.edit_mode
    assert pasted_files(session) == []
