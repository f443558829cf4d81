"""The reference image slot of the Generate tab: drop, paste, browse, clear.

Every file is checked off the GUI thread with :func:`inspect_image` (format, size, pixels, a full
decode for truncation) and its thumbnail decoded there too, as is image data pasted or dropped
(:func:`pasted_image`); the GUI thread only wraps ready RGBA bytes in a pixmap. A bad file is
refused inline with the reason, never in a dialog. A newer choice always wins over a check
still running for an older one. A file another program saved again (an image editor) is
checked again when the artist comes back to the window, so the slot shows what is sent.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Collection, Coroutine
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QLocale,
    QMimeData,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QImageReader,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.errors import ImageError, KontextError, StorageError
from kontext_studio.explain import Explanation, explain, explain_detail, folder_refused
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.outgoing import planned_size
from kontext_studio.images.validate import (
    EXTENSION_NOTE,
    REFERENCE_FILE_LIMITS,
    REFERENCE_LIMITS,
    FileStamp,
    ImageInfo,
    MiB,
    check_pasted,
    file_stamp,
    first_image,
    inspect_image,
    named_as_image,
    pasted_damaged,
)
from kontext_studio.images.whole import DOES_NOT_OPEN, USE_AGAIN, damaged_in_library
from kontext_studio.jobs.files import PART, unlink_quietly, write_atomically
from kontext_studio.jobs.stopped import refetchable
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui import image_folder
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.copied_image import copied_artwork, encode_png, library_mark
from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.flow_layout import FlowLayout
from kontext_studio.ui.levels import polish_again, repolish
from kontext_studio.ui.plain_text import left_to_right, plain_tooltip, set_plain_tooltip
from kontext_studio.ui.thumbnail_label import ThumbnailLabel, decode_thumbnail
from kontext_studio.ui.translations import grouped

log = logging.getLogger(__name__)

THUMB_SIDE = 88
PASTED_KEEP_S = 24 * 3600.0
"""A pasted image's file is needed only while it is the reference being written: an edit
job keeps a copy of its own (:func:`~kontext_studio.jobs.files.keep_reference`). Those
untouched this long, but the one the form holds, are removed a minute after the window
starts and at each paste (:func:`prune_pasted`): before, every paste (a screenshot:
megabytes) stayed in the cache folder for good, and an artist pasting all day filled the
disk with them."""
IMAGE_FILTER = REFERENCE_LIMITS.file_patterns
"""What the file dialog lists: the formats REFERENCE_LIMITS accepts, and no others."""


Held = tuple[str | None, str | None, int | None]
"""A reference as a form holds it: its file, its name and its library artwork's job."""


class SlotState(Enum):
    EMPTY = "empty"
    CHECKING = "checking"
    READY = "ready"
    REFUSED = "refused"


def human_size(size: int) -> str:
    """``1.2 MB`` style sizes (powers of 1024, like the limits in the refusals)."""
    if size < 1024:
        return QCoreApplication.translate("ReferenceSlot", "{n}\u00a0B").format(n=grouped(size))
    if size < 1024 * 1024:
        kilobytes = grouped(round(size / 1024))
        return QCoreApplication.translate("ReferenceSlot", "{n}\u00a0KB").format(n=kilobytes)
    return QCoreApplication.translate("ReferenceSlot", "{n}\u00a0MB").format(
        n=QLocale().toString(size / (1024 * 1024), "f", 1)
    )


def extension_note(info: ImageInfo) -> str | None:
    """:attr:`ImageInfo.extension_note` in the installed language."""
    if info.extension_note is None:
        return None
    return explain_detail(EXTENSION_NOTE).format(name=info.path.name, format=info.format_name)


PNG_MIME = "image/png"
WINDOWS_PNG = 'application/x-qt-windows-mime;value="PNG"'
"""The PNG browsers and Office put on the Windows clipboard beside their bitmap. Qt lists
both as ``application/x-qt-image`` only, and decodes one as it reads it; asked for by this
name (Qt's converter of registered formats), its bytes come as they were put there."""


def pasted_image(mime: QMimeData) -> QImage | QByteArray | None:
    """The image ``mime`` carries, for :func:`_write_pasted`; ``None`` when it holds none.

    The clipboard is read here, on the GUI thread: Qt's clipboard is not for other threads
    (on Windows it is a COM object of this thread's, on X11 its reads wait on the window's
    connection), and its data is deleted when another app copies. What is read is the file
    another app put there (its PNG first, else any image format offered whose header a
    decoder reads: a JPEG, a BMP, one named as Qt does not name it, ``image/jpg``), not
    decoded: ``imageData()`` decodes it on the GUI thread, which froze the window for over a
    second for a 48 MP screenshot, whatever its size. Only its header is read here, so that
    data no decoder reads is still "no image". ``imageData()`` is asked only when none is
    offered as a file: an image this app copied (decoded already), or one the system hands
    over only as a bitmap that Qt's platform code decodes as it reads it (Windows' Print
    Screen, macOS's TIFF), which no other thread may ask for. It is handed to the thread
    uncopied: QImage's shared pixels are safe there, and copying 48 MP took 0.2 s."""
    for kind in _image_kinds(mime):
        encoded = mime.data(kind)
        buffer = _buffer(encoded)  # held here: the reader does not keep its device alive
        if QImageReader(buffer).canRead():
            return encoded
    data = mime.imageData()
    image = data.toImage() if isinstance(data, QPixmap) else QImage(data)
    return None if image.isNull() else image


def _image_kinds(mime: QMimeData) -> list[str]:
    """The formats ``mime`` offers that may hold an image's file: PNG first, as Qt's own
    ``imageData()`` prefers it, then those Qt names, then other ``image/…`` names (their
    bytes are what tells), and Windows' registered PNG (:data:`WINDOWS_PNG`)."""
    named = {bytes(kind.data()).decode() for kind in QImageReader.supportedMimeTypes()}
    offered = [kind for kind in mime.formats() if kind.startswith("image/") and kind != PNG_MIME]
    offered.sort(key=lambda kind: kind not in named)
    first = [PNG_MIME] if mime.hasFormat(PNG_MIME) else []
    last = [WINDOWS_PNG] if WINDOWS_PNG not in offered and mime.hasFormat(WINDOWS_PNG) else []
    return [*first, *offered, *last]


KEPT_FORMATS = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "gif": ".gif"}
"""The formats a reference may be in, as Qt's reader names them, and the extension of a
pasted image's file in each: another app's image in one of them is written as it came."""


def pasted_suffix(image: QImage | QByteArray) -> str:
    """The extension of the file the pasted ``image`` is written to: its own format's when
    it is kept as it came (:data:`KEPT_FORMATS`), else ``.png``. Only the header is read."""
    return KEPT_FORMATS.get(_format_of(image), ".png") if isinstance(image, QByteArray) else ".png"


def _format_of(data: QByteArray) -> str:
    buffer = _buffer(data)  # held here: the reader does not keep its device alive
    return bytes(QImageReader(buffer).format().data()).decode()


def _buffer(data: QByteArray) -> QBuffer:
    buffer = QBuffer()
    buffer.setData(data)
    return buffer


class PasteStop:
    """What a paste's slot and its worker thread (:func:`_write_pasted`) tell each other:
    whether the paste was stopped (replaced by another picture, or cleared), and whether
    its file was written. Whichever of the two comes second removes the file, so that none
    is left that nothing uses: stopped as its file was being written or checked, a paste
    left it in the cache for a day (a screenshot: megabytes), and the rename that ends a
    write lands it after any removal before. Not stopped by the window's close: the form
    kept for the next window (a switch of mode, the next start) names its file."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopped = False
        self._written = False

    def is_set(self) -> bool:
        """Whether the paste was stopped: the worker ends before its next step."""
        return self._stopped

    def stop(self) -> bool:
        """The paste was stopped; whether its file was written already, for it to remove."""
        with self._lock:
            self._stopped = True
            return self._written

    def written(self, target: Path) -> None:
        """Worker thread: ``target`` is written; removed here if the paste was stopped."""
        with self._lock:
            self._written = not self._stopped
        if not self._written:
            unlink_quietly(target)


def _write_pasted(image: QImage | QByteArray, target: Path, name: str, stop: PasteStop) -> None:
    """Runs in a worker thread (QImage is reentrant): a pasted image, called ``name``,
    becomes a file (:func:`_as_file`). Once ``stop`` is set (the paste replaced by another
    picture, or cleared), it stops before its next step: a replaced 89 MP paste went on
    decoding and encoding, and wrote a file nothing used; one stopped as it was written is
    removed (:meth:`PasteStop.written`).

    Written through a temp file and a rename (:func:`write_atomically`): a full disk left
    half a ``pasted-….png`` until the next day's clean-up. Its failure is said in the
    app's words for a folder that cannot be written in, not the system's."""
    encoded = _as_file(image, name, stop)
    if stop.is_set():
        return
    if encoded.isEmpty():
        raise ImageError.worded(
            QT_TRANSLATE_NOOP("Errors", "the pasted image could not be made into {name}"),
            name=target.name,
        )
    try:
        write_atomically(target, bytes(encoded.data()))
    except OSError as error:
        raise folder_refused(
            StorageError,
            error,
            str(target.parent),
            QT_TRANSLATE_NOOP("Errors", "cannot save {name}: {reason}"),
            name=target.name,
        ) from error
    stop.written(target)


def _as_file(image: QImage | QByteArray, name: str, stop: PasteStop) -> QByteArray:
    """Worker thread: the file of a pasted image (:func:`pasted_image`), or nothing once
    ``stop`` is set. One over a file's limits is refused first, as its header tells
    (:func:`check_pasted`).

    Another app's image in a format a reference may be in (:data:`KEPT_FORMATS`: a PNG, a
    JPEG…) is written as it came, not decoded here: the slot's check of the file
    (:func:`inspect_image`, as of a file chosen) decodes it, and tells a damaged one. Decoded
    here too, each paste of an 89 MP screenshot took another ~360 MB and seconds; a JPEG was
    made a PNG several times its size (an 89 MP photo: decoded twice and encoded again, tens
    of seconds). One of another format (a BMP) is decoded to be made a PNG: by a
    QImageReader, as ``QImage.fromData`` does, but not through it (PySide holds the GIL while
    ``fromData`` runs, and the window stood still for the whole decode); one Qt does not
    decode for its size (its own limit, 256 MB: a 70 MP bitmap) by Pillow
    (:func:`_png_by_pillow`). Qt's limit is not raised for it: it is the whole process's, and
    every decode after, the clipboard's on the GUI thread too, took hundreds of MB."""
    if isinstance(image, QImage):
        check_pasted(name, image.size().toTuple(), REFERENCE_FILE_LIMITS)
        return QByteArray() if stop.is_set() else encode_png(image)
    buffer = _buffer(image)  # held here: the reader does not keep its device alive
    reader = QImageReader(buffer)
    kept = bytes(reader.format().data()).decode() in KEPT_FORMATS
    written = image.size() if kept else None  # another format's bytes are not the file's
    check_pasted(name, reader.size().toTuple(), REFERENCE_FILE_LIMITS, written)
    if kept or stop.is_set():
        return image
    if _over_qt_limit(reader):
        return _png_by_pillow(bytes(image.data()), name)
    if (decoded := reader.read()).isNull():
        raise pasted_damaged(name)
    return encode_png(decoded)


def _over_qt_limit(reader: QImageReader) -> bool:
    """Whether Qt may refuse to decode the image of ``reader`` for its size, as its header
    tells it: at 8 bytes a pixel (a 16-bit PNG's with its alpha; the format its header
    names is not the one Qt decodes to), over its allocation limit. Asked, it warns as it
    refuses."""
    size = reader.size()
    return 8 * size.width() * size.height() > QImageReader.allocationLimit() * MiB


_PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA"})
"""Pillow's modes a PNG holds as they are; others (a TIFF's CMYK) are converted."""


def _png_by_pillow(data: bytes, name: str) -> QByteArray:
    """Worker thread: ``data`` (an image of a format no reference is in, within a file's
    limits, too large for Qt to decode) as a PNG; damaged, called ``name``, when Pillow
    does not read it either."""
    from PIL import Image  # imported at need, as validate does: the window starts sooner

    try:
        with Image.open(io.BytesIO(data)) as opened:
            alpha = "A" in opened.getbands() or "transparency" in opened.info
            out = io.BytesIO()
            if opened.mode in _PNG_MODES:
                opened.save(out, "PNG")
            else:
                opened.convert("RGBA" if alpha else "RGB").save(out, "PNG")
    except (OSError, ValueError, Image.DecompressionBombError):
        raise pasted_damaged(name) from None
    return QByteArray(out.getvalue())


def prune_pasted(folder: Path, held: Collection[str], *, now: float | None = None) -> int:
    """Remove the pasted images in ``folder`` untouched for :data:`PASTED_KEEP_S`, but those
    ``held`` (the form's reference, the one a paste replaces), and the temp files of those
    whose writing the app's end cut short (:data:`~kontext_studio.jobs.files.PART`); how
    many. It reads the disk: call it in a worker thread."""
    before = (time.time() if now is None else now) - PASTED_KEEP_S
    kept = {Path(path) for path in held}
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0  # nothing was ever pasted, or the folder cannot be read
    for entry in entries:
        pasted = entry.name.startswith("pasted-") or PART.fullmatch(entry.name)
        if not pasted or Path(entry.path) in kept:
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < before:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    if removed:
        log.info("old pasted images removed", extra={"event": "pasted_pruned", "count": removed})
    return removed


def named_paths(text: str) -> list[str]:
    """The files ``text`` may name, as a path copied from a terminal or a path bar is: one
    line, an absolute path (``~`` the home folder) or a ``file://`` URL, maybe quoted, or
    with a shell's backslashes before spaces; none for other text (words, several lines).
    By the words only: whether such a file is there is for :func:`first_named_image`."""
    line = text.strip()
    if not line or "\n" in line or "\r" in line:
        return []
    if len(line) > 1 and line[0] == line[-1] and line[0] in "'\"":
        line = line[1:-1]
    url = QUrl(line)
    if url.isLocalFile():
        line = url.toLocalFile()
    found: list[str] = []
    for spelled in (line, re.sub(r"\\(.)", r"\1", line)):
        path = os.path.expanduser(spelled)
        if os.path.isabs(path) and path not in found:
            found.append(path)
    return found


def first_named_image(paths: list[str]) -> str | None:
    """The first of ``paths`` (:func:`named_paths`) that is a file named as an image
    (:func:`named_as_image`); None when none is. It looks at the disk: call it in a worker
    thread."""
    return next((path for path in paths if named_as_image(path) and os.path.isfile(path)), None)


def local_files(mime: QMimeData) -> list[str]:
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


def accept_as_copy(event: QDropEvent) -> bool:
    """Accept a drag entering, or its drop, as a copy, whatever its source proposed; False
    (nothing accepted) when the source offers no copy. The app only reads what is dropped.
    Accepted as the move a Shift+drag proposes (and Windows Explorer's drag within one
    drive), the drop told the source the file was moved, and Explorer deleted the artist's
    original."""
    if not event.possibleActions() & Qt.DropAction.CopyAction:
        return False
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
    return True


def move_only(event: QDropEvent) -> bool:
    """Whether ``event``'s source lets what it carries be moved and never copied (a file
    manager's drag with Shift held): :func:`accept_as_copy` refuses it, and the window says
    why, where before the no-entry cursor alone told the artist nothing of the reason."""
    actions = event.possibleActions()
    return bool(actions & Qt.DropAction.MoveAction) and not actions & Qt.DropAction.CopyAction


def mime_has_reference(mime: QMimeData) -> bool:
    """True when ``mime`` carries something the slot can take: a local file or image data."""
    return bool(local_files(mime)) or mime.hasImage()


class ReferenceSlot(QFrame):
    """Holds at most one reference image; :attr:`changed` fires on every state change.

    :attr:`chosen` carries each file the artist loads here (browsed, dropped, pasted), not a
    reference the app puts back (a draft's, Reuse settings'): whether it was made with its
    settings is looked up then (see :class:`kontext_studio.ui.restore_bar.RestoreBar`).
    :attr:`nothing_to_paste` fires when Paste is pressed with no image on the clipboard, for
    the window to say so as it does for Ctrl+V; :attr:`move_refused`, when an image comes
    in a drag that can only move it (:func:`move_only`), for the window to say why it is
    refused.
    """

    changed = Signal()
    chosen = Signal(str)
    nothing_to_paste = Signal()
    move_refused = Signal()

    def __init__(self, bridge: Bridge, cache_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._paste_dir = cache_dir / "pasted"
        self._state = SlotState.EMPTY
        self._path: str | None = None
        self._name: str | None = None
        self._job: int | None = None
        """The library artwork the reference is (Use as reference), by its job's number."""
        self._job_deleted = False
        """Whether that artwork was deleted: an Undo brings it back under a new number."""
        self._info: ImageInfo | None = None
        self._sent: tuple[int, int] | None = None
        """The size the copy of :attr:`info`'s image is sent scaled down to, or None."""
        self._problem: Explanation | None = None
        self._checking_message = ""
        self._left_out = 0
        """How many more files came with the one taken (dropped or pasted together)."""
        self._passed_over = False
        """Whether files before the one taken were left out for not looking like images."""
        self._generation = 0
        self._task: asyncio.Task[None] | None = None
        self._pasting: tuple[PasteStop, Path, Held] | None = None
        """The paste being written or checked, its file, and the reference it replaced:
        stopped when replaced."""
        self._stopped: dict[str, Held] = {}
        """The files of the pastes stopped (never kept: see :class:`PasteStop`), each with
        the reference it replaced, for :meth:`put_back`."""
        self._stamp: FileStamp | None = None
        """The reference's :func:`file_stamp` as its check began."""
        self._looking: asyncio.Task[None] | None = None
        """The look at the file on coming back (:meth:`_look_again`), while it waits."""
        self.held_elsewhere: Callable[[], list[str]] = lambda: []
        """The files others still need (the Generate tab's presses whose jobs are not made
        yet: their reference is being copied), kept when old pasted images are removed."""

        bridge.job_deleted.connect(self._deleted)
        bridge.job_changed.connect(self._brought_back)

        self.setObjectName("referenceSlot")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        # Buttons as wide as their words: the style's 80 px each made the Generate tab, and
        # with it the window, too wide for an 800 px screen. Set here, not in the window's
        # style sheet, so the tab's width is right from the start.
        self.setStyleSheet("QPushButton { padding: 4px 10px; }")

        self._thumb = ThumbnailLabel(bridge, THUMB_SIDE)
        self._thumb.setObjectName("referenceThumb")
        self._thumb.setWordWrap(True)
        # A long file name is cut in the middle (its extension shows), never widening the tab;
        # the heading of an empty slot at its end (see _show).
        self._title = ElidedLabel(mode=Qt.TextElideMode.ElideMiddle)
        self._title.setObjectName("referenceTitle")
        # Its whole name shown on hover, heard once by a screen reader: as its name alone.
        self._title.tip_whole_text()
        self._detail = QLabel()
        self._detail.setObjectName("referenceDetail")
        self._detail.setTextFormat(Qt.TextFormat.PlainText)
        self._detail.setWordWrap(True)
        # A long file name in it ("Checking {name}…", a refusal) is one word that cannot wrap:
        # it must not widen the tab, and with it the window.
        self._detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._browse = QPushButton(self.tr("&Browse…"))
        self._browse.clicked.connect(self.browse)
        self._paste = QPushButton(self.tr("&Paste"))
        self._paste.setToolTip(
            plain_tooltip(self.tr("Use the image or image file on the clipboard"))
        )
        self._paste.clicked.connect(self._paste_pressed)
        self._clear = QPushButton(self.tr("C&lear"))
        self._clear.clicked.connect(self.clear)
        # Said without the slot's heading, which labels none of them: "Clear" came just
        # after the style's own clear button.
        self._paste.setAccessibleName(self.tr("Paste a reference image"))
        self._clear.setAccessibleName(self.tr("Clear the reference image"))

        # As many to a row as fit: one row of them at 15 pt made the tab, and with it the
        # window, wider than an 800 px screen.
        buttons = FlowLayout(spacing=6)
        for button in (self._browse, self._paste, self._clear):
            buttons.addWidget(button)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._detail)
        text.addStretch(1)
        text.addLayout(buttons)
        beside = QHBoxLayout()
        beside.setSpacing(10)
        beside.addWidget(self._thumb, 0, Qt.AlignmentFlag.AlignTop)
        beside.addLayout(text, 1)
        # The heading (or the file's name) across the whole slot: beside the thumbnail, an
        # 800 px wide window cut "Reference image (optional)" to "Reference ima…".
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self._title)
        layout.addLayout(beside, 1)
        self._show()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state_changed)

    # State --------------------------------------------------------------------------------

    @property
    def state(self) -> SlotState:
        return self._state

    @property
    def path(self) -> str | None:
        """The accepted reference (or the file being checked); None when empty or refused."""
        return self._path if self._state in (SlotState.READY, SlotState.CHECKING) else None

    @property
    def info(self) -> ImageInfo | None:
        return self._info if self._state is SlotState.READY else None

    @property
    def problem(self) -> Explanation | None:
        return self._problem if self._state is SlotState.REFUSED else None

    # Actions ------------------------------------------------------------------------------

    def set_reference(
        self,
        path: str,
        name: str | None = None,
        *,
        job: int | None = None,
        left_out: int = 0,
        passed_over: bool = False,
    ) -> None:
        """Check ``path`` in the background and take it if it is a usable image. ``name`` is
        the file's name as the artist knew it, when ``path`` is a job's own copy; ``job``,
        the library artwork it is, when it came from the library; ``left_out``, how many
        other files came with it (the slot holds one), and ``passed_over``, whether some
        before it were left out as not images."""
        shown = name or Path(path).name
        message = self.tr("Checking {name}…").format(name=shown)
        self._passed_over = passed_over
        generation = self._begin(path, message, name, left_out=left_out)
        self._job = job
        self._job_deleted = False
        self._run(generation, self._check(generation, Path(path), job=job))

    def choose(self, path: str, *, left_out: int = 0, passed_over: bool = False) -> None:
        """The artist loaded ``path`` here: :meth:`set_reference`, and say so; its folder is
        where the next image dialog opens (:mod:`~kontext_studio.ui.image_folder`)."""
        image_folder.remember(path)
        self.set_reference(path, left_out=left_out, passed_over=passed_over)
        self.chosen.emit(path)

    @property
    def name(self) -> str | None:
        """The reference's name as the artist knew it; None when it is the file's own."""
        return self._name if self.path is not None else None

    @property
    def called(self) -> str | None:
        """What a refusal of the reference calls it when not by its file's name: "The pasted
        image" for a paste's file, which the app named (:meth:`_pasted_name`). Passed to the
        press's check (:func:`~kontext_studio.jobs.files.keep_reference`), whose banner said
        "pasted-be2e82c3ae1f.jpg is truncated or damaged" beside the slot's "The pasted
        image"."""
        return self._pasted_name(Path(self.path)) if self.path is not None else None

    @property
    def job(self) -> int | None:
        """The library artwork the reference is; None for a file from elsewhere."""
        return self._job if self.path is not None else None

    def _deleted(self, job_id: int) -> None:
        if job_id == self._job:
            self._job_deleted = True

    def _brought_back(self, snapshot: Snapshot) -> None:
        """The reference's artwork, deleted, back from an Undo of its Delete under a new
        number, with its image where it was: the edit made next names it, not the one
        deleted (its "show it in the library" led nowhere)."""
        if self._job_deleted and snapshot.id != self._job and snapshot.file_path == self._path:
            self._job, self._job_deleted = snapshot.id, False

    def clear(self) -> None:
        self._name = None
        self._job = None
        self._job_deleted = False
        self._left_out = 0
        self._generation += 1
        self._cancel_task()
        self._set(SlotState.EMPTY, None)

    def browse(self) -> None:
        """Not in the folder of the reference held: a pasted image's is the app's cache, a
        job's reference (Reuse settings, a draft) the library's own copies."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a reference image"),
            image_folder.start_folder(),
            self.tr("Images ({patterns});;All files (*)").format(patterns=IMAGE_FILTER),
        )
        if path:
            self.choose(path)

    def paste(self) -> bool:
        """Take the clipboard's image file or image data; False when it holds neither. Text
        that may be a file's path (:func:`named_paths`: copied from a terminal or a path
        bar) is looked for off this thread: its file is taken if it is an image's, else
        :attr:`nothing_to_paste` fires, as for other words."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return False
        if self.take_mime(mime):
            return True
        paths = named_paths(mime.text()) if mime.hasText() else []
        return bool(paths) and self._bridge.spawn(self._paste_named(paths), owner=self) is not None

    async def _paste_named(self, paths: list[str]) -> None:
        """Take the image file ``paths`` name, unless another picture came meanwhile."""
        generation = self._generation
        found = await asyncio.to_thread(first_named_image, paths)
        if generation != self._generation:
            return
        if found is None:
            self.nothing_to_paste.emit()
        else:
            self.choose(found)

    def _paste_pressed(self) -> None:
        if not self.paste():
            self.nothing_to_paste.emit()

    def take_mime(self, mime: QMimeData) -> bool:
        """Take a dropped or pasted payload: a local file wins over raw image data. Of
        several files the first image is taken (:func:`first_image`), and the slot says the
        others were left out: taken silently, the artist could not tell which one the edit
        would use. An artwork copied from the library (Copy image) is its file, named and
        linked as Use as reference does: its pixels were saved as a new PNG, called
        "pasted-….png", and a JPEG grew several times over. Tiles dragged out of the library
        are their files, the first of them that artwork: the others are said left out."""
        files = local_files(mime)
        if (artwork := copied_artwork(mime, library_mark(self._bridge))) is not None:
            left_out = len(files) - 1 if artwork.path in files else 0
            self.set_reference(artwork.path, artwork.name, job=artwork.job, left_out=left_out)
            self.chosen.emit(artwork.path)
            return True
        if files:
            taken = first_image(files)
            self.choose(taken, left_out=len(files) - 1, passed_over=taken != files[0])
            return True
        if mime.hasImage():
            image = pasted_image(mime)
            if image is None:
                return False
            replaced = self._path
            earlier = (self.path, self.name, self.job)
            target = self._paste_dir / f"pasted-{uuid.uuid4().hex[:12]}{pasted_suffix(image)}"
            generation = self._begin(str(target), self.tr("Reading the pasted image…"))
            name = self.tr("The pasted image")
            stop = PasteStop()
            self._pasting = stop, target, earlier
            self._run(generation, self._save_pasted(generation, image, target, name, stop))
            self.prune_pasted(replaced)
            return True
        return False

    def put_back(self, held: Held) -> None:
        """Hold ``held`` again (an Undo of Reuse settings brings back the form before it),
        checked again. A paste stopped by the change undone (replaced while it was read)
        has no file, and was said "does not exist": the reference it replaced is put back
        instead, or none."""
        path, name, job = held
        while path is not None and path in self._stopped:
            path, name, job = self._stopped[path]
        if path is None:
            self.clear()
        else:
            self.set_reference(path, name, job=job)

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        """The artist is back in the window, maybe from the image editor where the reference
        is open: a file saved again meanwhile is checked again (:meth:`_look_again`). Before,
        the slot kept the picture, size and shape first checked, while Generate sent the
        file as saved; and a file refused (damaged, too large) stayed refused once put
        right, until chosen again. Not while a look still waits for a file on a share that
        does not answer: each look held a thread the app's other work shares, and a few
        switches between windows left none for it."""
        if state is not Qt.ApplicationState.ApplicationActive or self._path is None:
            return
        if self._looking is not None and not self._looking.done():
            return
        if self._state in (SlotState.READY, SlotState.REFUSED):
            self._looking = self._bridge.spawn(
                self._look_again(self._generation, self._path), owner=self
            )

    async def _look_again(self, generation: int, path: str) -> None:
        """Check ``path`` again if its file changed since its check (its stamp read off this
        thread: the file may be on a slow share), keeping what the slot says of it."""
        stamp = await asyncio.to_thread(file_stamp, Path(path))
        if generation == self._generation and stamp != self._stamp:
            self.set_reference(
                path,
                self._name,
                job=self._job,
                left_out=self._left_out,
                passed_over=self._passed_over,
            )

    # Drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        takes = mime_has_reference(event.mimeData())
        if takes and accept_as_copy(event):
            self._set_dragging(True)
            return
        event.ignore()
        if takes and move_only(event):
            self.move_refused.emit()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_dragging(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_dragging(False)
        if not (accept_as_copy(event) and self.take_mime(event.mimeData())):
            event.ignore()

    # Background work ----------------------------------------------------------------------

    def _begin(self, path: str, message: str, name: str | None = None, *, left_out: int = 0) -> int:
        """A new picture comes in, called ``name`` or by its file's own name: a pasted image
        must not keep the title of the artwork it replaces."""
        self._name = name
        self._job = None
        self._left_out = left_out
        self._generation += 1
        self._stamp = None
        self._cancel_task()
        self._checking_message = message
        self._set(SlotState.CHECKING, path)
        return self._generation

    def _run(self, generation: int, work: Coroutine[Any, Any, None]) -> None:
        """Check in the background. A check replaced (another picture) or dropped (the
        window closing) before it began is closed, not left unrun: Python would warn of it."""
        self._task = self._bridge.spawn(self._settle(generation, work), owner=self)
        if self._task is None:
            work.close()
        else:
            self._task.add_done_callback(lambda _: work.close())

    def _cancel_task(self) -> None:
        """Stop the check of the picture replaced, and its paste (:class:`PasteStop`)."""
        if self._pasting is not None:
            stop, target, earlier = self._pasting
            self._pasting = None
            self._stopped[str(target)] = earlier
            if stop.stop():
                self._bridge.spawn(asyncio.to_thread(unlink_quietly, target))
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def _settle(self, generation: int, work: Coroutine[Any, Any, None]) -> None:
        """Run a check; whatever goes wrong, the slot ends refused, never stuck checking."""
        try:
            await work
        except KontextError as error:
            self._refuse(generation, explain(error))
        except Exception as error:
            self._refuse(generation, explain(error))
            raise  # the bridge logs it and shows it

    def prune_pasted(self, replaced: str | None = None) -> None:
        """Remove the old pasted images (:func:`prune_pasted`), off this thread: a minute
        after the window starts, and at each paste, which is what adds them: pruned only
        at a start, a window left open for weeks gathered every screenshot pasted in them.
        ``replaced``: the reference a paste replaces, kept with the form's and those
        :attr:`held_elsewhere` (a press of Generate may still be copying it)."""
        held = [path for path in (self._path, replaced, *self.held_elsewhere()) if path]
        self._bridge.spawn(asyncio.to_thread(prune_pasted, self._paste_dir, held))

    async def _save_pasted(
        self,
        generation: int,
        image: QImage | QByteArray,
        target: Path,
        name: str,
        stop: PasteStop,
    ) -> None:
        """Write the pasted ``image`` to ``target`` and check it. Replaced (another picture,
        Clear) meanwhile, this task is cancelled, and its worker told to stop (``stop``): it
        ran on to the end, for nothing. Its file, written already, is removed: it never was
        the reference, nothing holds it. Dropped (the window closing), its worker writes
        the file on, for the form kept for the next window, which names it.

        One that does not open is removed once refused: it is no image to use, and a damaged
        100 MB screenshot stayed in the cache until the next day. Its stamp goes with it, so
        that coming back to the window does not check the file again, to say it is gone."""
        try:
            await asyncio.to_thread(_write_pasted, image, target, name, stop)
            await self._check(generation, target)
        except DOES_NOT_OPEN:
            await asyncio.to_thread(unlink_quietly, target)
            if generation == self._generation:
                self._stamp = None
            raise
        finally:
            if self._pasting is not None and self._pasting[0] is stop:
                self._pasting = None  # its file is the reference, or refused: not stopped

    def _downloadable(self, job: int) -> bool:
        """Whether the preview offers Download again for ``job`` (:func:`refetchable`): never
        for an imported artwork. Blocking: it reads the library."""
        snapshot = self._bridge.session.ledger.get(job)
        return snapshot is not None and refetchable(snapshot)

    async def _check(self, generation: int, path: Path, *, job: int | None = None) -> None:
        """Take ``path`` once it proved a usable image. A library artwork's own file (of
        ``job``) that does not open is said damaged, with what puts it right
        (:func:`~kontext_studio.images.whole.damaged_in_library`): "Choose another image",
        said of any file chosen here, left the artist with an artwork the library shows. A
        pasted image's file is "the pasted image" (:meth:`_pasted_name`), and one that does
        not open is said damaged with what to do for a paste (:func:`pasted_damaged`)."""
        ratio = self.devicePixelRatioF()
        stamp = await asyncio.to_thread(file_stamp, path)
        if generation == self._generation:
            self._stamp = stamp
        pasted = self._pasted_name(path)
        try:
            info = await asyncio.to_thread(inspect_image, path, REFERENCE_FILE_LIMITS, name=pasted)
        except DOES_NOT_OPEN as error:
            if pasted is not None:
                raise pasted_damaged(pasted) from error
            if job is not None:
                downloadable = await asyncio.to_thread(self._downloadable, job)
                raise damaged_in_library(path, USE_AGAIN, downloadable=downloadable) from error
            raise
        sent = await asyncio.to_thread(
            planned_size, path, info.format, info.width, info.height, info.file_size
        )
        pixmap = await decode_thumbnail(path, THUMB_SIDE, ratio)
        if generation != self._generation:
            return
        self._info, self._sent = info, sent
        self._thumb.show_thumbnail(pixmap, path)
        self._set(SlotState.READY, str(path))

    def _refuse(self, generation: int, problem: Explanation) -> None:
        if generation != self._generation:
            return
        self._problem = problem
        self._set(SlotState.REFUSED, self._path)

    # Presentation -------------------------------------------------------------------------

    def _set(self, state: SlotState, path: str | None) -> None:
        self._state = state
        self._path = path
        if state is not SlotState.READY:
            self._info = None
        if state is not SlotState.REFUSED:
            self._problem = None
        self._show()
        self.changed.emit()

    def _set_dragging(self, dragging: bool) -> None:
        repolish(self, "dragging", dragging)

    def _show(self) -> None:
        state = self._state
        repolish(self, "state", state.value)
        # The title's colour follows the state (a refused one is red): a child is not
        # polished again with its parent.
        polish_again(self._title)
        self._clear.setEnabled(state is not SlotState.EMPTY)
        self._browse.setText(
            self.tr("&Browse…") if state is SlotState.EMPTY else self.tr("&Replace…")
        )
        self._browse.setAccessibleName(
            self.tr("Browse for a reference image…")
            if state is SlotState.EMPTY
            else self.tr("Replace the reference image…")
        )
        set_plain_tooltip(self._detail, "")
        shown_name = self._shown_name(state)
        self._title.set_mode(Qt.TextElideMode.ElideMiddle)
        if state is SlotState.EMPTY:
            self._thumb.show_text(self.tr("No image"))
            # Words, not a file name: a narrow tab cut the middle ("Referenc…ptional)"), and
            # nothing held the rest. Cut at the end, the whole heading is its tooltip.
            heading = self.tr("Reference image (optional)")
            self._title.set_mode(Qt.TextElideMode.ElideRight)
            self._title.setText(heading)
            self._detail.setText(
                self.tr(
                    "Drop a file here, paste (Ctrl+V) or browse. A reference switches to edit mode."
                )
            )
        elif state is SlotState.CHECKING:
            self._thumb.show_text(self.tr("…"))
            self._title.setText(shown_name)
            self._detail.setText(self._checking_message)
        elif state is SlotState.READY and self._info is not None:
            info = self._info
            self._title.setText(shown_name)
            detail = self.tr("{dimensions}, {size}").format(
                dimensions=self._dimensions(info.width, info.height),
                size=human_size(info.file_size),
            )
            if sent := self._sent:
                # Over KIE's limits: the job sends a scaled-down copy (the file is not changed).
                # "At most": the copy is encoded when the job is made, and one that comes out
                # over the byte limit is scaled down further (write_outgoing).
                detail += "\n" + self.tr(
                    "Sent scaled down to at most {sent} (from {original})"
                ).format(
                    sent=self._dimensions(*sent), original=self._dimensions(info.width, info.height)
                )
            if info.animated:
                # KIE edits one picture: of an animation, the first frame.
                detail += "\n" + self.tr("Animated: only its first frame is used")
            if note := extension_note(info):
                detail += "\n" + self.tr("Note: {note}").format(note=note)
            self._detail.setText(detail)
            set_plain_tooltip(self._detail, str(info.path))
        elif state is SlotState.REFUSED and self._problem is not None:
            self._thumb.show_text(self.tr("Refused"))
            self._title.setText(shown_name)
            self._detail.setText(self._problem.lines())
        if self._left_out and state is not SlotState.EMPTY:
            words = self.left_out_words(self._left_out, passed_over=self._passed_over)
            self._detail.setText(f"{self._detail.text()}\n{words}")

    def _shown_name(self, state: SlotState) -> str:
        """The title: a pasted image's file is named only once it is written: refused, the
        slot said "pasted-….png", a file that was never made."""
        path = Path(self._path or "")
        if self._name is None and state is not SlotState.READY:
            return self._pasted_name(path) or path.name
        return self._name or path.name

    def _pasted_name(self, path: Path) -> str | None:
        """What a pasted image's file (one the app wrote, ``pasted-….png``) is called in
        what the slot says of it; None for any other file. Its refusal named the file, and
        the artist looked for one they never made."""
        return self.tr("The pasted image") if path.parent == self._paste_dir else None

    def _dimensions(self, width: int, height: int) -> str:
        """An image's size in pixels, "640×480", read width first in a right-to-left layout
        too, where its numbers were placed right to left round the sign ("480×640")."""
        return left_to_right(self.tr("{width}×{height}").format(width=width, height=height))

    def left_out_words(self, left_out: int, *, passed_over: bool = False) -> str:
        """One line: the first (image) of the files that came together was taken (its name
        is the heading), and the ``left_out`` others were left out; the restore bar says it
        in the same words of the image it offers. "The other" of one left out, as two
        tiles dragged from the library often are."""
        if passed_over and left_out == 1:
            words = self.tr("Took the first image of {count} files; the other was left out.")
        elif passed_over:
            words = self.tr("Took the first image of {count} files; the others were left out.")
        elif left_out == 1:
            words = self.tr("Took the first of {count} files; the other was left out.")
        else:
            words = self.tr("Took the first of {count} files; the others were left out.")
        return words.format(count=grouped(left_out + 1))
