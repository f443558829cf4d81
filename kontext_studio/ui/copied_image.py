"""An image copied to the clipboard (Copy image), made ready for the app it is pasted into.

The clipboard holds the decoded image; an app pasting it asks for a PNG, and Qt encodes one
then, on the GUI thread, each time it is asked: the window stood still 0.6 s whenever a 2 MP
artwork was pasted into another app, and 28 s for a 42 MP one, which the other app had given
up on after 5 s. Here the PNG is encoded once, in a worker thread, right after the copy, as Qt
encodes it (``QImage.save`` to ``"PNG"``, which lets the GIL go), and put beside the image on
the clipboard, where Qt finds it when asked and sends it as it is. A paste before it is ready
is answered as before. (Windows asks for its own formats, which Qt still makes when asked.)
"""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from kontext_studio.ui.bridge import Bridge

PNG_MIME = "image/png"


def copy_image(bridge: Bridge, image: QImage) -> None:
    """Put ``image`` on the clipboard, and its PNG beside it once encoded."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setImage(image)
    held = clipboard.mimeData()
    if held is not None:
        bridge.spawn(
            asyncio.to_thread(encode_png, image), on_done=lambda png: _attach(held, image, png)
        )


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
