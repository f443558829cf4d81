"""An image copied to the clipboard (Copy image), made ready for the app it is pasted into.

The clipboard holds the decoded image; an app pasting it asks for a PNG, and Qt encodes one
then, on the GUI thread, each time it is asked: the window stood still 0.6 s whenever a 2 MP
artwork was pasted into another app, and 28 s for a 42 MP one, which the other app had given
up on after 5 s. Here the PNG is encoded once, in a worker thread, right after the copy, as Qt
encodes it (``QImage.save`` to ``"PNG"``, which lets the GIL go), and put beside the image on
the clipboard, where Qt finds it when asked and sends it as it is. A paste before it is ready
is answered as before. (Windows asks for its own formats, which Qt still makes when asked.)

An artwork copied from the library also says which it is (:data:`ARTWORK_MIME`): pasted as
the reference, the library's own file is taken, as *Use as reference* takes it. A drag out of
the library's grid says it too (``LibraryModel.mimeData``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from kontext_studio.ui.bridge import Bridge

PNG_MIME = "image/png"
ARTWORK_MIME = "application/x-kontext-studio-artwork"
"""Beside a library artwork's image on the clipboard: its file, name, job and library (a
mark, not its path), as JSON."""


@dataclass(frozen=True)
class CopiedArtwork:
    """The library artwork an image on the clipboard is."""

    path: str
    name: str
    """How the reference slot calls it (its title, as Use as reference does)."""
    job: int


def copy_image(bridge: Bridge, image: QImage, artwork: CopiedArtwork | None = None) -> None:
    """Put ``image`` on the clipboard, and its PNG beside it once encoded; ``artwork``, the
    library artwork it is, beside it at once."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setImage(image)
    held = clipboard.mimeData()
    if held is not None and artwork is not None:
        held.setData(ARTWORK_MIME, artwork_data(bridge, artwork))
    if held is not None:
        bridge.spawn(
            asyncio.to_thread(encode_png, image), on_done=lambda png: _attach(held, image, png)
        )


def artwork_data(bridge: Bridge, artwork: CopiedArtwork) -> QByteArray:
    """What :data:`ARTWORK_MIME` says of ``artwork``, of the library of ``bridge``'s session:
    beside its image on the clipboard, or its file in a drag out of the library."""
    said = {
        "path": artwork.path,
        "name": artwork.name,
        "job": artwork.job,
        "library": library_mark(bridge),
    }
    return QByteArray(json.dumps(said).encode())


def copied_artwork(mime: QMimeData, library: str) -> CopiedArtwork | None:
    """The artwork of the library marked ``library`` (:func:`library_mark`) that ``mime``
    holds the image of, when its file is still there; else None (another app's image, one
    whose artwork was deleted since, or one of another library, whose job number names
    another artwork here: its pixels are used)."""
    if not mime.hasFormat(ARTWORK_MIME):
        return None
    try:
        said = json.loads(bytes(mime.data(ARTWORK_MIME).data()))
        artwork = CopiedArtwork(str(said["path"]), str(said["name"]), int(said["job"]))
        same_library = said.get("library") == library
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return artwork if same_library and Path(artwork.path).is_file() else None


def library_mark(bridge: Bridge) -> str:
    """What tells the library of ``bridge``'s session from another (another
    ``KONTEXT_STUDIO_HOME``, a window of which may run beside this one), without putting its
    folder's path on a clipboard every app reads."""
    where = str(bridge.session.paths.database).encode("utf-8", "surrogatepass")
    return hashlib.sha256(where).hexdigest()[:16]


def encode_png(image: QImage) -> QByteArray:
    """Worker thread: the PNG Qt's clipboard sends for ``image``; empty if it cannot be made
    (Qt then makes it when asked, as before)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The format as a str: PySide's stubs ask for bytes, which it refuses at run time.
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return data


def _attach(held: QMimeData, image: QImage, png: QByteArray) -> None:
    """Add ``png`` to what the clipboard holds, if it still holds ``image``: whatever was
    copied since (here or in another app) is left alone, and another app's data is never
    read (``imageData()`` would fetch and decode it here)."""
    clipboard = QGuiApplication.clipboard()
    if png.isEmpty() or not shiboken6.isValid(held) or clipboard.mimeData() is not held:
        return
    data = held.imageData()
    if isinstance(data, QImage) and data.cacheKey() == image.cacheKey():
        held.setData(PNG_MIME, png)
