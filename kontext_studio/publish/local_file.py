"""What the file about to be published is, read from the file itself (:func:`inspect_file`).

Its format comes from its first bytes, never its name (a ``.png`` that is a JPEG goes up as
``image/jpeg`` under ``.jpg``); its SHA-256, which names the object in the bucket, and its
length come from one read of the bytes on disk, whatever the library recorded; its MD5 only
where the stored object's ETag is one (a file sent in one PUT); its size in pixels from its
header, as it is shown. Reading the file is blocking: the publisher does it in a thread of its
own while it asks R2.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from kontext_studio.errors import EmptyImageError, NotAnImageError
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.validate import load_plugins, shown_size
from kontext_studio.publish.s3_client import PART_BYTES


@dataclass(frozen=True)
class LocalFile:
    path: Path
    extension: str
    content_type: str
    size: int
    sha256: str
    md5: str | None
    """Only for files sent in one PUT (smaller than a part): only their ETag is an MD5."""
    width: int | None = None
    height: int | None = None
    """The image's size in pixels, from its header; None when Pillow cannot read it."""
    stamp: tuple[int, ...] = ()
    """The file as it was opened to be read (:func:`_stamp`): :func:`unchanged` since?"""


def _stamp(info: os.stat_result) -> tuple[int, ...]:
    """What changes when a file is written or replaced: its length and its time of last
    modification, to the nanosecond. Not its device and inode: a network share (CIFS
    without server inode numbers) and Windows may give another number for the same file
    from one look to the next, and every publish in parts would be refused."""
    return (info.st_size, info.st_mtime_ns)


def unchanged(local: LocalFile) -> bool:
    """Whether ``local``'s file is as it was when it was read (:attr:`LocalFile.stamp`):
    written in place since (an editor saving, a sync), its bytes sent after that are not
    the ones its hash names. Blocking: it looks at the disk."""
    try:
        return _stamp(local.path.stat()) == local.stamp
    except OSError:
        return False


def _image_type(head: bytes) -> tuple[str, str] | None:
    """(extension, content type) from the magic bytes: the real format, never the name."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png", "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg", "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp", "image/webp"
    return None


def sniff_type(path: Path) -> tuple[str, str] | None:
    """(extension, content type) from the file's magic bytes; None if unreadable or unknown."""
    try:
        with path.open("rb") as handle:
            return _image_type(handle.read(16))
    except OSError:
        return None


def inspect_file(path: Path) -> LocalFile:
    """Sniff the format and hash the bytes in one read; OSError propagates to the edge.

    The MD5 is skipped for files that go up in parts: their ETag is not an MD5, and the
    SHA-256 in the key already names the content, so it would only cost time."""
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        opened = path.stat()  # as unchanged() looks at it after
        head = handle.read(16)
        handle.seek(0)
        md5 = hashlib.md5(usedforsecurity=False) if opened.st_size < PART_BYTES else None
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            sha.update(block)
            if md5 is not None:
                md5.update(block)
            size += len(block)
    kind = _image_type(head)
    if kind is None:
        # The library's file emptied or replaced (a sync, a program saving another file
        # there): an image that does not open, said as the library's file with what puts it
        # right (images.whole), not a publishing failure that sent the artist to the R2
        # settings.
        if size == 0:
            raise EmptyImageError.worded(
                QT_TRANSLATE_NOOP("Errors", "{name} is 0 bytes"), name=path.name
            )
        raise NotAnImageError.worded(
            QT_TRANSLATE_NOOP("Errors", "{name} is not a PNG, JPEG or WebP image"), name=path.name
        )
    digest = md5.hexdigest() if md5 is not None and size < PART_BYTES else None
    width, height = _pixel_size(path)
    return LocalFile(
        path, kind[0], kind[1], size, sha.hexdigest(), digest, width, height, _stamp(opened)
    )


def _pixel_size(path: Path) -> tuple[int, int] | tuple[None, None]:
    """Width and height from the image's header (no decoding), as it is shown (a phone
    photo's EXIF orientation applied, as when it was imported): an edited file's may differ
    from those the library recorded, and the manifest and the record take the published
    file's. Pillow is set up as for the check at the import (:func:`load_plugins`): a
    publish may be the process's first look at an image."""
    from PIL import Image, UnidentifiedImageError

    load_plugins()
    try:
        with Image.open(path) as image:
            width, height = shown_size(image)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None, None
    return int(width), int(height)
