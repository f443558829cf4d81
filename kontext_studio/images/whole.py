"""Whether an artwork's image file still opens whole as its bytes leave the library (Publish
sends them to the public bucket, Save as to a folder of the artist's choice), and the words
for one that does not.

The library decoded each image as it took it in (a result as it was downloaded, an upload as
it was imported) and recorded the SHA-256 of its bytes. Bytes that hash to that are the bytes
it checked, and are not decoded again: a Publish or a Save reads them once in any case (to
name them in the bucket, to copy them), so one of the bytes recorded costs nothing more.
Other bytes (an edit, or damage since: a disk or a sync cut the file short) are decoded to
their end first (:func:`require_whole`). A file that does not open is said as the library's
file, with what puts it right (:func:`damaged_in_library`), not as a file the artist chose,
whose words say "Choose another image"; so is an artwork taken as the reference (Use as
reference), which the reference slot decodes in any case.
"""

from __future__ import annotations

from pathlib import Path

from kontext_studio.errors import (
    DamagedImageError,
    EmptyImageError,
    ImageTooLargeError,
    NotAnImageError,
    Term,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.validate import UPLOAD_LIMITS, inspect_image

DOES_NOT_OPEN = (DamagedImageError, NotAnImageError, EmptyImageError)
"""What :func:`require_whole` refuses a file that does not open with: cut short or damaged,
emptied, or its bytes no image's any more."""

PUBLISH_AGAIN = QT_TRANSLATE_NOOP("Errors", "publish it again")
SAVE_AGAIN = QT_TRANSLATE_NOOP("Errors", "save it again")
USE_AGAIN = QT_TRANSLATE_NOOP("Errors", "use it as the reference again")
"""What the artist does once the file is put right (:func:`damaged_in_library`)."""


def require_whole(path: Path, recorded: str, found: str) -> None:
    """Refuse the image at ``path`` (an :class:`~kontext_studio.errors.ImageError`, one of
    :data:`DOES_NOT_OPEN` when it does not open) unless it decodes to its end, when its
    bytes' SHA-256 ``found`` is not the one the library ``recorded`` (none recorded: never
    checked). One over :data:`UPLOAD_LIMITS` passes unchecked, as it always did. Blocking:
    it decodes the image."""
    if found == recorded:
        return
    try:
        inspect_image(path, UPLOAD_LIMITS)
    except ImageTooLargeError:
        return


def damaged_in_library(path: Path, again: str, *, downloadable: bool) -> DamagedImageError:
    """The artwork's file at ``path`` does not open (cut short, damaged since): said as the
    library's file, with what puts it right and, after that, ``again`` (:data:`PUBLISH_AGAIN`,
    :data:`SAVE_AGAIN`). Download again is named only when the preview offers it
    (``downloadable``): an imported artwork was never on KIE, and was told to download it."""
    advice = (
        QT_TRANSLATE_NOOP(
            "Errors",
            "Put a copy from a backup in its place, under the same name, or download it again "
            "where the preview offers it, then {again}.",
        )
        if downloadable
        else QT_TRANSLATE_NOOP(
            "Errors", "Put a copy from a backup in its place, under the same name, then {again}."
        )
    )
    return DamagedImageError.worded(
        QT_TRANSLATE_NOOP(
            "Errors", "{name} in the library folder {folder} does not open: it is damaged"
        ),
        name=path.name,
        folder=str(path.parent),
        again=Term(again),
    ).advising(advice)
