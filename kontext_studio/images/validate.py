"""Checking image files before anything is uploaded or stored.

Every refusal is an :class:`ImageError` whose message is one sentence naming the file and the
limit it broke, so the UI and the CLI can show it as is.

The order of the checks matters. The byte size comes from ``stat`` (a 100 MB file is refused
without being read), the format and the dimensions from the header (a decompression bomb is
refused before one pixel is decoded), and only then are the pixels decoded in full, which is the
one reliable way to find a truncated or damaged file.

Pillow's own bomb check (``Image.open``) raises before the caller can learn the dimensions and
warns through the global ``warnings`` filters, which are not thread-safe and these functions run
in executor threads. So the header is read by the format plugin directly and the pixel limit is
enforced here, never above Pillow's ``MAX_IMAGE_PIXELS``.

A PNG's compressed text chunks are inflated by Pillow as it reads the header, up to
:data:`PNG_TEXT_CHUNK_MAX` each (:func:`load_plugins`) and 64 MB in all (its
``MAX_TEXT_MEMORY``); a file over either is refused in words that say so
(:func:`_too_much_text`), not as damaged.
"""

from __future__ import annotations

import hashlib
import io
import math
import mimetypes
import os
import stat
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from kontext_studio.errors import (
    DamagedImageError,
    EmptyImageError,
    FolderNotImageError,
    ImageError,
    ImageMissingError,
    ImageTooLargeError,
    ImageUnreadableError,
    NotAnImageError,
    Refusal,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP, one_decimal

if TYPE_CHECKING:
    from PIL import Image, ImageFile

MiB = 1024 * 1024
_CHUNK = MiB
_PREFIX = 16
"""How many of a file's first bytes tell its format."""

_MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
_DISPLAY_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
_EXTENSIONS = {
    "JPEG": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "GIF": (".gif",),
}
# Formats people often try that no limit accepts, named so the refusal can say what the file is.
_OTHER_MAGIC = (
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "PSD"),
)
_FTYP_BRANDS = {
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
    b"avif": "AVIF",
    b"avis": "AVIF",
}
# Everything Pillow may raise for a file whose header looked right but whose data is bad.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)
PNG_TEXT_CHUNK_MAX = 8 * MiB
"""The most one compressed PNG text chunk (zTXt, iTXt) is inflated to, by Pillow
(``PngImagePlugin.MAX_TEXT_CHUNK``, set by :func:`load_plugins`) and by
:mod:`~kontext_studio.images.metadata`, so that whatever text Pillow reads, the Upload
tab's copy can take a GPS position out of. Pillow's own 1 MB refused valid PNGs as
"truncated or damaged": ComfyUI's and other tools' keep their workflow (JSON) in a text
chunk, which can be larger. What all of a file's text may take stays bounded by Pillow's
``MAX_TEXT_MEMORY`` (64 MB, which many text chunks of 1 MB reached already): a chunk that
inflates past this, or text past that, is refused before more is inflated."""
_TEXT_LIMITS = ("MAX_TEXT_CHUNK", "MAX_TEXT_MEMORY")
"""What Pillow's refusal of a PNG's text over its limits names."""


@dataclass(frozen=True)
class Limits:
    """What a file must satisfy. ``formats`` are Pillow format names."""

    max_bytes: int
    max_pixels: int
    formats: tuple[str, ...]

    @property
    def extensions(self) -> frozenset[str]:
        """The lowercase extensions, with their dot, of the formats these limits accept."""
        return frozenset(ext for fmt in self.formats for ext in _EXTENSIONS[fmt])

    @property
    def file_patterns(self) -> str:
        """The extensions as a file dialog's filter wants them: ``*.jpg *.jpeg ...``."""
        return " ".join(f"*{ext}" for fmt in self.formats for ext in _EXTENSIONS[fmt])


REFERENCE_LIMITS = Limits(
    max_bytes=20 * MiB, max_pixels=20_000_000, formats=("JPEG", "PNG", "WEBP", "GIF")
)
"""An edit's reference image, as Flux Kontext accepts it upstream: what is sent to KIE."""

REFERENCE_FILE_LIMITS = Limits(
    max_bytes=100 * MiB, max_pixels=1024 * 1024 * 1024 // 4 // 3, formats=REFERENCE_LIMITS.formats
)
"""The file an artist may choose as a reference. One over :data:`REFERENCE_LIMITS` (most
phone and camera photos: 24, 48, 50 MP) is sent as a copy scaled down to fit them
(:mod:`~kontext_studio.images.outgoing`); Flux Kontext works at about 1 MP, so the pixels
above them add nothing. The ceiling, 89.5 MP, is Pillow's own bomb limit
(``MAX_IMAGE_PIXELS``, which :func:`_max_pixels` never exceeds): it keeps what is decoded
to scale it bounded. It was written 100 MP, which the refusals and README never said."""

UPLOAD_LIMITS = Limits(max_bytes=50 * MiB, max_pixels=50_000_000, formats=("JPEG", "PNG", "WEBP"))
"""A finished artwork published from the Upload tab."""


EXTENSION_NOTE = QT_TRANSLATE_NOOP("Errors", "{name} is actually a {format}")
"""The note on a file whose extension names another format than its content."""

_FEWER_BYTES = {
    "JPEG": QT_TRANSLATE_NOOP(
        "Errors", "Save it again at a lower JPEG quality, or with fewer pixels, and try again."
    ),
    "PNG": QT_TRANSLATE_NOOP(
        "Errors",
        "Save it as a JPEG or WebP (far smaller than a PNG), or with fewer pixels, and try again.",
    ),
    "WEBP": QT_TRANSLATE_NOOP(
        "Errors",
        "Save it again at a lower WebP quality (not lossless), or with fewer pixels, and try "
        "again.",
    ),
    "GIF": QT_TRANSLATE_NOOP(
        "Errors", "Save it as a JPEG or PNG, or with fewer pixels, and try again."
    ),
}
"""What to do with a file over a byte limit, by its real format (from its first bytes): the
kind's words, to save it smaller "as JPEG, say", read oddly to a file that is a JPEG."""
_FEWER_PIXELS = QT_TRANSLATE_NOOP(
    "Errors", "Save it with fewer pixels (scale it down), and try again."
)
"""What to do with an image over a pixel limit, or whose copy made ready for sending is still
over a byte limit (scaled and encoded by the app, only fewer pixels make it smaller): a
smaller file format keeps every pixel."""
_PASTED_FEWER_BYTES = QT_TRANSLATE_NOOP(
    "Errors",
    "Save it to a file as a JPEG (far smaller than a PNG) and choose that file, or copy it "
    "with fewer pixels and paste it again.",
)
_PASTED_FEWER_PIXELS = QT_TRANSLATE_NOOP(
    "Errors", "Scale it down to fewer pixels in the app it came from, copy it and paste it again."
)
"""What to do with a pasted image over a limit: there is no file to save again."""
_PASTED_AGAIN = QT_TRANSLATE_NOOP(
    "Errors",
    "Copy it again in the app it came from and paste it again, or save it to a file there "
    "and choose that file.",
)
"""What to do with a pasted image that does not decode: "Choose another image" told the
artist to pick a file, and the app it came from may copy it whole the next time."""
_CONVERT = QT_TRANSLATE_NOOP(
    "Errors",
    "Save or export it as a JPEG or PNG (photo apps and image editors can), and try again.",
)
"""What to do with an image of a format known but not taken (an iPhone's HEIC, a TIFF, a
BMP): it opens in other apps, so the kind's words, to choose one that does, read as if the
file were broken."""
_WITHOUT_TEXT = QT_TRANSLATE_NOOP(
    "Errors", "Export or save it again without its metadata, and try again."
)
"""What to do with a PNG whose text is over the limits (:func:`decode_error`): its pixels
are fine, only what is written in it is too much."""


@dataclass(frozen=True)
class ImageInfo:
    """A file that passed :func:`inspect_image`. ``format`` is the real one, from the content."""

    path: Path
    format: str
    mime_type: str
    width: int
    height: int
    file_size: int
    sha256: str
    orientation: int = 1
    """The EXIF orientation: 1 is upright as stored; a phone photo is often 6 or 8."""
    animated: bool = False
    """An animated GIF, WebP or PNG: as a reference, only its first frame is used."""

    @property
    def extension(self) -> str:
        """The usual extension of the real format, e.g. ``.png``."""
        return _EXTENSIONS[self.format][0]

    @property
    def format_name(self) -> str:
        """The real format as people write it: ``JPEG``, ``PNG``, ``WebP``, ``GIF``."""
        return _DISPLAY_NAMES[self.format]

    @property
    def extension_note(self) -> str | None:
        """``"fox.jpg is actually a PNG"`` (:data:`EXTENSION_NOTE`, in English) when the
        extension lies, else None. Not an error: the file is accepted, but an upload should
        use :attr:`extension`."""
        if self.path.suffix.lower() in _EXTENSIONS[self.format]:
            return None
        return EXTENSION_NOTE.format(name=self.path.name, format=self.format_name)


def named_as_image(path: str) -> bool:
    """Whether ``path``'s name is an image's: an extension the reference slot accepts, or
    one of another image format (a HEIC, a TIFF: its refusal says what it is)."""
    suffix_accepted = Path(path).suffix.lower() in REFERENCE_FILE_LIMITS.extensions
    return suffix_accepted or (mimetypes.guess_type(path)[0] or "").startswith("image/")


def first_image(files: Sequence[str]) -> str:
    """Of several files dropped, pasted or opened together, the one the reference slot
    takes: the first whose extension is one it accepts, else the first an image by its name
    (a HEIC, a TIFF: its refusal says what it is), else the first. By name only: nothing is
    read or decoded on the GUI thread (nor before a launch's window opens), and a file
    whose name lies is refused by the check as any other."""
    accepted = REFERENCE_FILE_LIMITS.extensions
    for named in (
        lambda path: Path(path).suffix.lower() in accepted,
        lambda path: (mimetypes.guess_type(path)[0] or "").startswith("image/"),
    ):
        if found := next((path for path in files if named(path)), None):
            return found
    return files[0]


def opened_with(files: Sequence[str]) -> tuple[str, int, bool]:
    """What "Open With" on ``files`` asks of the window (a launch naming them, or macOS's
    Finder sending them): the absolute path of the one the reference slot takes
    (:func:`first_image` of those that are files, else the first, for the slot to refuse in
    words), how many others were left out, and whether some named before it were. Looks at
    the disk: not on the GUI thread."""
    taken = first_image([name for name in files if os.path.isfile(name)] or files)
    return str(Path(taken).resolve()), len(files) - 1, taken != files[0]


def inspect_image(
    path: Path, limits: Limits = REFERENCE_LIMITS, *, name: str | None = None
) -> ImageInfo:
    """Check a file against ``limits`` and describe it, or raise :class:`ImageError`, called
    ``name`` when the artist does not know it by its file's (a pasted image's, which the app
    wrote: its refusal named "pasted-….png", a file they never made).

    Decodes the whole image and hashes the file: slow, call it in an executor.
    """
    name = name or path.name
    try:
        st = path.stat()
        _check_regular_file(path, st.st_mode)
        _check_byte_size(name, st.st_size, limits, partial(_first_bytes, path))
        with open(path, "rb") as fp:
            digest = _sha256_stream(fp)
            fp.seek(0)
            content = _check_content(fp, name, limits)  # closes fp
    except OSError as exc:
        raise unreadable_error(path, exc, name) from exc
    return ImageInfo(
        path=path,
        format=content.format,
        mime_type=_MIME_TYPES[content.format],
        width=content.width,
        height=content.height,
        file_size=st.st_size,
        sha256=digest,
        orientation=content.orientation,
        animated=content.animated,
    )


def inspect_bytes(data: bytes, *, name: str, limits: Limits) -> tuple[str, int, int]:
    """Check downloaded bytes (a KIE result) the same way; return ``(format, width, height)``.

    An expired or refused result URL often answers 200 with an HTML page or a JSON error:
    those are refused with a message that says so.
    """
    _check_byte_size(name, len(data), limits, lambda: data[:_PREFIX])
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body")):
        raise ImageError.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "{name} is a web page, not an image (the link may have expired)"
            ),
            name=name,
        )
    if head.startswith((b"{", b"[")):
        raise ImageError.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "{name} is a text reply, not an image (the link may have expired)"
            ),
            name=name,
        )
    content = _check_content(io.BytesIO(data), name, limits)
    return content.format, content.width, content.height


def sha256_file(path: Path) -> str:
    """The hex SHA-256 of a file, read in chunks so big files never sit in memory."""
    try:
        with open(path, "rb") as fp:
            return _sha256_stream(fp)
    except OSError as exc:
        raise unreadable_error(path, exc) from exc


FileStamp = tuple[int, int, int]
"""What :func:`file_stamp` tells of a file: its size, modification time and change time."""


def file_stamp(path: Path) -> FileStamp | None:
    """The :func:`stamp_of` the file at ``path``, None when it cannot be read: what tells
    that another program saved it again since it was checked. Blocking: it looks at the
    disk (a share may be slow to answer)."""
    try:
        return stamp_of(path.stat())
    except OSError:
        return None


def stamp_of(status: os.stat_result) -> FileStamp:
    """The size, modification time and change time of the file ``status`` tells of. The
    change time (``st_ctime``: when the file was last written, or its details set; on
    Windows, when it was made) is no program's to set: a copy put back from a backup by a
    tool that keeps the size and modification time (``cp -p``, rsync, a restore) had the
    damaged file's stamp, and was taken for it until read whole."""
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns


def checked_bytes(info: ImageInfo, changed: str) -> bytes:
    """The bytes of ``info``'s file, read once, for a copy made from them alone: read
    again, a file saved over since its check (the artist saving an edit, a program still
    writing it) became a copy of bytes never checked. :class:`Refusal` in the words
    ``changed`` (of ``{name}``) when they are not the bytes checked; :class:`ImageError` in
    the check's words when the file is gone or cannot be read since, not a failed copy,
    whose words speak of the disk it goes to. No more is read than the check found (and a
    byte to tell a file grown since): one swapped for a far larger file meanwhile was read
    whole into memory before it was refused."""
    try:
        with info.path.open("rb") as handle:
            data = handle.read(info.file_size + 1)
    except OSError as error:
        raise unreadable_error(info.path, error) from error
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise Refusal.worded(changed, name=info.path.name)
    return data


def unreadable_error(path: Path, exc: OSError, name: str | None = None) -> ImageError:
    """Turn an ``OSError`` from opening or reading ``path`` (called ``name``, else by its
    file's name) into a sentence for a person."""
    name = name or path.name
    if isinstance(exc, FileNotFoundError):
        return ImageMissingError.worded(
            QT_TRANSLATE_NOOP("Errors", "{name} does not exist"), name=name
        )
    if isinstance(exc, IsADirectoryError):
        return _folder_error(path)
    # There but not readable: its kind's words say to check the permissions (or a lock),
    # not to choose another image, as a file that is no image is told.
    if isinstance(exc, PermissionError):
        return ImageUnreadableError.worded(
            QT_TRANSLATE_NOOP("Errors", "{name} cannot be read: permission denied"), name=name
        )
    reason = exc.strerror or type(exc).__name__
    return ImageUnreadableError.worded(
        QT_TRANSLATE_NOOP("Errors", "{name} cannot be read: {reason}"), name=name, reason=reason
    )


def not_an_image_error(name: str, limits: Limits) -> ImageError:
    return NotAnImageError.worded(
        QT_TRANSLATE_NOOP(
            "Errors", "{name} is not an image, or its format is not supported: use {formats}"
        ),
        name=name,
        formats=_format_names(limits),
    )


def damaged_error(name: str) -> ImageError:
    return DamagedImageError.worded(
        QT_TRANSLATE_NOOP("Errors", "{name} is truncated or damaged"), name=name
    )


def pasted_damaged(name: str) -> ImageError:
    """A pasted image, called ``name``, that does not decode: what to do is said for a copy
    (:data:`_PASTED_AGAIN`)."""
    return damaged_error(name).advising(_PASTED_AGAIN)


def decode_error(name: str, error: Exception) -> ImageError:
    """What Pillow's ``error`` reading ``name`` means: a PNG whose text (a workflow, notes)
    is over the limits it is read within (:data:`PNG_TEXT_CHUNK_MAX`) is a good image the
    app will not read, said so; anything else, a damaged file."""
    if not _too_much_text(error):
        return damaged_error(name)
    return ImageTooLargeError.worded(
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name} carries more text than the app reads (over {limit}\u00a0MB, such as a "
            "workflow saved in it)",
        ),
        name=name,
        limit=_megabytes(PNG_TEXT_CHUNK_MAX),
    ).advising(_WITHOUT_TEXT)


def _too_much_text(error: Exception) -> bool:
    """Whether ``error`` is Pillow's refusal of a PNG's text over its limits (a
    ``ValueError`` naming them)."""
    return isinstance(error, ValueError) and any(limit in str(error) for limit in _TEXT_LIMITS)


def _check_regular_file(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise _folder_error(path)
    if not stat.S_ISREG(mode):
        raise NotAnImageError.worded(
            QT_TRANSLATE_NOOP("Errors", "{name} is not a regular file"), name=path.name
        )


def _check_byte_size(
    name: str, size: int, limits: Limits, first_bytes: Callable[[], bytes]
) -> None:
    """Refuse an empty file, or one over the byte limit with what to do for its format
    (:data:`_FEWER_BYTES`), which ``first_bytes`` tells: the file's first bytes, read only
    then (one of 100 MB is refused without being read)."""
    if size == 0:
        raise EmptyImageError.worded(QT_TRANSLATE_NOOP("Errors", "{name} is 0 bytes"), name=name)
    if size > limits.max_bytes:
        raise ImageTooLargeError.worded(
            QT_TRANSLATE_NOOP("Errors", "{name} is {size}\u00a0MB; the limit is {limit}\u00a0MB"),
            name=name,
            size=_megabytes(size, round_up=True),
            limit=_megabytes(limits.max_bytes),
        ).advising(_FEWER_BYTES.get(_format_of(first_bytes(), _DISPLAY_NAMES) or "", ""))


def _first_bytes(path: Path) -> bytes:
    """The first bytes of ``path``, enough to tell its format; none when it cannot be read
    (its refusal then says what the kind says)."""
    try:
        with open(path, "rb") as fp:
            return fp.read(_PREFIX)
    except OSError:
        return b""


def check_pasted(
    name: str,
    size: tuple[int, int],
    limits: Limits,
    encoded_bytes: int | None = None,
) -> None:
    """Refuse a pasted image over ``limits`` before its pixels are encoded or decoded:
    ``size`` as its header or the decoded image tells it, ``encoded_bytes`` the length of
    the file another app put on the clipboard, when it came as one (its bytes not copied to
    be counted: up to 100 MB). The limits and words are a file's: a 12000×9000 image was
    encoded to a PNG (seconds, hundreds of megabytes) to be refused once written, and
    another app's 20000×20000 one was called damaged, for Qt would not decode it. A size not
    told (``-1``) is left to the decode.

    What to do is said for a copy, not a file (:data:`_PASTED_FEWER_BYTES`): "Save it as a
    JPEG" told the artist to save a file they never had."""
    if encoded_bytes is not None:
        try:
            _check_byte_size(name, encoded_bytes, limits, lambda: b"")
        except ImageTooLargeError as error:
            raise error.advising(_PASTED_FEWER_BYTES) from None
    if min(size) > 0:
        try:
            _check_pixels(name, size, limits)
        except ImageTooLargeError as error:
            raise error.advising(_PASTED_FEWER_PIXELS) from None


def check_sent_copy(name: str, copy: Path, limits: Limits) -> None:
    """Refuse the copy of ``name`` that is sent to KIE (:mod:`~kontext_studio.images.outgoing`)
    when it is still over ``limits``: turned upright or scaled down, a photo is encoded anew,
    and the copy may not come out as small as planned. The pixel count is read from the
    header only. Raises OSError when the copy cannot be read."""
    size = copy.stat().st_size
    if size > limits.max_bytes:
        raise ImageTooLargeError.worded(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{name} is still {size}\u00a0MB once made ready for sending; the limit is "
                "{limit}\u00a0MB",
            ),
            name=name,
            size=_megabytes(size, round_up=True),
            limit=_megabytes(limits.max_bytes),
        ).advising(_FEWER_PIXELS)
    with open(copy, "rb") as fp:
        image = _open_header(fp, name, limits)
        with image:
            _check_pixels(name, image.size, limits)


class _Content(NamedTuple):
    format: str
    width: int
    height: int
    orientation: int
    animated: bool


def _check_content(fp: IO[bytes], name: str, limits: Limits) -> _Content:
    """Identify the format from the content, check the header's pixel count, then decode;
    the format, the size as shown, the EXIF orientation and whether it is animated."""
    image = _open_header(fp, name, limits)
    try:
        fmt = _format_name(image)
        _check_pixels(name, image.size, limits)
        _decode(image, name, limits)
        width, height = shown_size(image)
        return _Content(fmt, width, height, _orientation(image), _animated(image, fmt))
    finally:
        image.close()


def _format_name(image: Image.Image) -> str:
    """The format of ``image`` as the app names it: a JPEG with a second picture (an MPO,
    as phones make) is a JPEG."""
    return "JPEG" if image.format == "MPO" else str(image.format)


_ANIMATED_FORMATS = frozenset({"GIF", "WEBP", "PNG"})
"""Formats whose frames are an animation; a JPEG's second frame (an MPO's) is another
picture, which the copy sent leaves out anyway."""


def _animated(image: Image.Image, fmt: str) -> bool:
    """Whether ``image`` (its first frame decoded) has more frames. A damaged frame after the
    first counts as none: the first is all that is used."""
    if fmt not in _ANIMATED_FORMATS:
        return False
    try:
        return bool(getattr(image, "is_animated", False))
    except _DECODE_ERRORS:
        return False


_ORIENTATION_TAG = 0x0112
_TURNED = frozenset({5, 6, 7, 8})
"""EXIF orientations that turn the picture a quarter: its shown width is the stored height."""


def shown_size(image: Image.Image) -> tuple[int, int]:
    """Width and height as every viewer (and the app) shows ``image``: a photo its EXIF
    orientation turns a quarter is as wide as its pixels are stored high."""
    width, height = image.size
    return (height, width) if _orientation(image) in _TURNED else (width, height)


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1: as stored); a damaged EXIF block counts as none."""
    try:
        value = _exif(image).get(_ORIENTATION_TAG, 1)
    except _DECODE_ERRORS:
        return 1
    return value if isinstance(value, int) else 1


def _exif(image: Image.Image) -> Image.Exif:
    """``image``'s EXIF block, its orientation as Pillow reads it. Pillow's PNG reader decodes
    the whole picture to reach an eXIf chunk, which may follow the pixels: 0.45 s of CPU for
    a 14 MP PNG whose size alone was asked (a publish, a command's first look). A PNG not
    decoded yet has the chunks after its header walked instead, skipping over the pixels'
    data unread; its text chunks before the pixels (an XMP orientation, ImageMagick's raw
    EXIF profile), which Pillow reads with the header, count as when decoded. One that may
    carry the orientation after the pixels is rare enough to be decoded for it."""
    fp = getattr(image, "fp", None)
    if image.format != "PNG" or "exif" in image.info or fp is None:
        return image.getexif()
    from PIL import Image

    at = fp.tell()
    try:
        data, late_text = _png_exif_chunk(fp)
    finally:
        fp.seek(at)
    if late_text:
        return image.getexif()
    if data is not None:
        image.info["exif"] = b"Exif\x00\x00" + data  # as Pillow's reader keeps it
    return Image.Image.getexif(image)  # PngImageFile's own would decode first


_ORIENTATION_TEXTS = (b"Raw profile type exif\x00", b"XML:com.adobe.xmp\x00")
"""The keywords of the PNG text chunks from which Pillow reads an orientation."""


def _png_exif_chunk(fp: IO[bytes]) -> tuple[bytes | None, bool]:
    """The data of the eXIf chunk of the PNG in ``fp`` that Pillow reads with its first
    frame (None if there is none), and whether a text chunk that may hold the orientation
    follows the pixels. Only the chunks' 8-byte heads (and a text chunk's keyword) are read
    on the way; the walk ends where Pillow's reading of the first frame does (IEND, or an
    animation's next frame)."""
    fp.seek(8)  # the signature
    data: bytes | None = None
    late_text = pixels = False
    while len(head := fp.read(8)) == 8:
        length, kind = struct.unpack(">I4s", head)
        if kind == b"IEND" or (kind == b"fcTL" and pixels):
            break
        pixels = pixels or kind == b"IDAT"
        if kind == b"eXIf":  # the last, as Pillow keeps it
            data = fp.read(length)
            length -= len(data)
        elif kind in (b"tEXt", b"zTXt", b"iTXt") and pixels:
            keyword = fp.read(min(length, 80))
            late_text = late_text or keyword.startswith(_ORIENTATION_TEXTS)
            length -= len(keyword)
        fp.seek(length + 4, io.SEEK_CUR)  # the rest of the data and the CRC
    return data, late_text


def load_plugins() -> None:
    """Register Pillow's plugins for the formats the app reads (JPEG, PNG, WebP, GIF) and no
    others. ``Image.init()``, which ``Image.open`` calls for a format not registered yet,
    imports all ~50 of them: tens of milliseconds holding the GIL in a worker thread, with
    the window waiting, for formats the app refuses anyway. And let a PNG's compressed text
    chunk inflate to :data:`PNG_TEXT_CHUNK_MAX`, before any PNG is opened (the same value
    from every thread)."""
    from PIL import Image

    Image.preinit()  # BMP, GIF, JPEG, PPM, PNG
    from PIL import PngImagePlugin, WebPImagePlugin  # noqa: F401  (WebP registers itself)

    PngImagePlugin.MAX_TEXT_CHUNK = PNG_TEXT_CHUNK_MAX


def _open_header(fp: IO[bytes], name: str, limits: Limits) -> ImageFile.ImageFile:
    """Read only the header, with the plugin of an allowed format whose magic matches."""
    from PIL import Image

    prefix = fp.read(_PREFIX)
    fmt = _format_of(prefix, limits.formats)
    if fmt is not None:
        fp.seek(0)
        try:
            return Image.OPEN[fmt][0](fp, "")
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels(name, None, limits) from exc
        except _DECODE_ERRORS as exc:
            raise decode_error(name, exc) from exc
    other = _recognise_other(prefix, limits)
    if other:
        raise NotAnImageError.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "{name} is a {other} image, which is not supported: use {formats}"
            ),
            name=name,
            other=other,
            formats=_format_names(limits),
        ).advising(_CONVERT)
    raise not_an_image_error(name, limits)


def _format_of(prefix: bytes, formats: Iterable[str]) -> str | None:
    """The one of ``formats`` (Pillow's names, of the formats the app reads) whose magic
    ``prefix`` (a file's first :data:`_PREFIX` bytes) starts with, or None."""
    from PIL import Image

    load_plugins()
    for fmt in formats:
        accept = Image.OPEN[fmt][1]
        matched = accept(prefix) if accept is not None else False
        if matched and not isinstance(matched, str):
            return fmt
    return None


def _recognise_other(prefix: bytes, limits: Limits) -> str | None:
    """Name a known image format that ``limits`` does not allow, or None."""
    fmt = _format_of(prefix, (fmt for fmt in _DISPLAY_NAMES if fmt not in limits.formats))
    if fmt is not None:
        return _DISPLAY_NAMES[fmt]
    for magic, other in _OTHER_MAGIC:
        if prefix.startswith(magic):
            return other
    if prefix[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(prefix[8:12])
    return None


def _max_pixels(limits: Limits) -> int:
    """The pixel limit in force: ours, but never above Pillow's own bomb threshold."""
    from PIL import Image

    pillow = Image.MAX_IMAGE_PIXELS
    return limits.max_pixels if pillow is None else min(limits.max_pixels, pillow)


def _check_pixels(name: str, size: tuple[int, int], limits: Limits) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise damaged_error(name)
    if width * height > _max_pixels(limits):
        raise _too_many_pixels(name, size, limits)


def _too_many_pixels(name: str, size: tuple[int, int] | None, limits: Limits) -> ImageError:
    limit = _max_pixels(limits)
    if size is None:
        return ImageTooLargeError.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "{name} has too many pixels; the limit is {limit:mega}\u00a0MP"
            ),
            name=name,
            limit=limit,
        ).advising(_FEWER_PIXELS)
    width, height = size
    return ImageTooLargeError.worded(
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name} is {width}×{height} ({pixels:mega}\u00a0MP); the limit is {limit:mega}\u00a0MP",
        ),
        name=name,
        width=width,
        height=height,
        pixels=_rounded_up(width * height),
        limit=limit,
    ).advising(_FEWER_PIXELS)


def _decode(image: ImageFile.ImageFile, name: str, limits: Limits) -> None:
    """Decode every pixel of the first frame: the only reliable test for truncation."""
    from PIL import Image, ImageFile

    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES was set to True somewhere in the process; "
            "truncated images would pass validation"
        )
    try:
        image.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(name, None, limits) from exc
    except _DECODE_ERRORS as exc:
        raise decode_error(name, exc) from exc  # text after the pixels is read here
    # A GIF frame may grow the canvas beyond the header's size while it loads.
    _check_pixels(name, image.size, limits)


def _sha256_stream(fp: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := fp.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _format_names(limits: Limits) -> tuple[str, ...]:
    return tuple(_DISPLAY_NAMES.get(fmt, fmt) for fmt in limits.formats)


def _folder_error(path: Path) -> ImageError:
    """The folder ``path`` named by its own name, also when the path has no last part (``.``,
    ``..``, ``/``): before, `--image .` said " is a folder", the sentence begun by nothing."""
    name = Path(os.path.abspath(path)).name or str(path)
    return FolderNotImageError.worded(
        QT_TRANSLATE_NOOP("Errors", "{name} is a folder, not an image file"), name=name
    )


def _megabytes(size: int, *, round_up: bool = False) -> str:
    return _decimal(size / MiB, round_up=round_up)


def _rounded_up(pixels: int) -> int:
    """``pixels`` up to the next 100 000 (0.1 MP, 10 万), the precision of the counts shown,
    so 50 000 001 pixels never reads as "50 MP; the limit is 50 MP"."""
    return math.ceil(pixels / 100_000) * 100_000


def _decimal(value: float, *, round_up: bool) -> str:
    """One decimal, without a trailing ``.0``. Sizes over a limit round up, so a file one byte
    over 20 MB never reads as "20 MB; the limit is 20 MB"."""
    return one_decimal(math.ceil(value * 10) / 10 if round_up else value)


__all__ = [
    "EXTENSION_NOTE",
    "REFERENCE_FILE_LIMITS",
    "REFERENCE_LIMITS",
    "UPLOAD_LIMITS",
    "ImageInfo",
    "Limits",
    "check_pasted",
    "check_sent_copy",
    "inspect_bytes",
    "inspect_image",
    "sha256_file",
    "shown_size",
]
