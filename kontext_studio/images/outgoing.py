"""The copy of a reference image that a job keeps and sends to KIE.

Three things about a photo straight from a phone or camera should not reach KIE as they are:

* **Its orientation.** A phone stores a portrait photo as landscape pixels with an EXIF
  orientation that every viewer, and this app, applies. Whether KIE applies it is not
  documented; if it did not, an edit would come back on its side and "Match" would give a
  landscape result. Such a photo is written upright, in its own format (JPEG and WebP
  re-encoded at quality 95, PNG losslessly, the colour profile kept).
* **What describes it.** Exif and XMP carry the camera, the time and often the GPS
  position of where the photo was taken; KIE needs none of it. A JPEG, PNG, WebP or GIF
  keeps only what draws it (pixels, colours, transparency, animation), copied without
  being re-encoded: a JPEG also loses what a phone puts after its image (a second picture,
  the video of a motion photo), a GIF its comments, its XMP and an editor's private data.
  A turned photo loses the rest as it is re-encoded.
* **Its size.** KIE (Flux Kontext upstream) takes at most 20 MP and 20 MB
  (:data:`~kontext_studio.images.validate.REFERENCE_LIMITS`), and a phone or camera photo
  is often 24, 48 or 50 MP. Flux Kontext works at about 1 MP, so the pixels above the limit
  add nothing: such a photo is sent as a copy scaled down to fit (aspect ratio kept,
  Lanczos), written as a turned one is (upright, its own format, nothing that describes
  it). Its bytes are counted without what describes it, which the copy leaves out anyway.
  The artist's file is never changed.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import os
import re
import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.metadata import (
    without_gif_metadata,
    without_jpeg_metadata,
    without_png_metadata,
    without_webp_metadata,
)
from kontext_studio.images.validate import REFERENCE_LIMITS, ImageInfo, Limits, checked_bytes

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

UPRIGHT = 1
QUALITY = 95
VERSION = "sent4"
"""Part of a kept copy's name: a copy an earlier version kept with its metadata is not
reused (``sent1`` kept a PNG's or a WebP's, ``sent2`` what follows a JPEG's image,
``sent3`` a GIF's)."""
ENCODE_ATTEMPTS = 4
"""How many times at most a copy is encoded, smaller each time after the first, while it is
over the byte limit; one still over it is refused (:func:`~kontext_studio.images.validate.
check_sent_copy`)."""
PNG_COMPRESSION = 3
"""zlib's level for a PNG copy. Pillow's own (6) took 12.8 s for a 14 MP screenshot scaled
down from 48 MP, 16.4 MB; 3 took 3.0 s for 18.7 MB, a second more of upload on a slow line
for ten seconds less of waiting before the job is sent."""
_BYTES_MARGIN = 0.9
"""Planned for a file over the byte limit: a tenth under the limit's share of its bytes."""
_SHRINK = 0.7
"""The share of the pixels a copy keeps when it came out over the byte limit."""
_WITHOUT_METADATA = {
    "JPEG": without_jpeg_metadata,
    "PNG": without_png_metadata,
    "WEBP": without_webp_metadata,
    "GIF": without_gif_metadata,
}


def kept_name(info: ImageInfo, extension: str) -> str:
    """The name of ``info``'s kept copy, the same for the same file."""
    return f"{info.sha256}.{VERSION}{extension}"


KEPT_COPY = re.compile(r"[0-9a-f]{64}\.sent\d+\.[a-z]+")
"""A kept copy's name, of this version or an earlier one (:data:`VERSION`)."""
CURRENT_COPY = re.compile(rf"[0-9a-f]{{64}}\.{VERSION}\.[a-z]+")
"""A kept copy's name of this version: upright, without metadata, within KIE's limits."""
LEFTOVER = re.compile(r"tmp[a-z0-9_]+")
"""A copy being written (``tempfile``'s name); left behind when the app was killed."""
PRUNE_GRACE_S = 24 * 3600.0
"""A copy written or reused less than this long ago is never removed: between the moment
it is kept and the moment its job's row is written, no job names it yet (in this process or
another one that has the library open)."""
PRUNE_MAX = 200
"""At most this many files removed at a time, so a large backlog never holds a worker
thread long; the rest go at the next start."""


def prune_kept_copies(
    folder: Path,
    needed: Collection[str],
    *,
    now: float | None = None,
    grace_s: float = PRUNE_GRACE_S,
    max_removals: int = PRUNE_MAX,
) -> int:
    """Remove from ``folder`` the kept copies that no job names (``needed``: the file names
    the library's jobs name, :meth:`~kontext_studio.store.ledger.Ledger.reference_names`)
    and what writes cut short left behind, both only when untouched for ``grace_s``; at most
    ``max_removals``. Other files are left alone. Returns how many were removed; a file that
    cannot be removed is passed over. It reads the disk: call it in a worker thread."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0  # no copy was ever kept, or the folder cannot be read: nothing to do
    for entry in entries:
        if removed >= max_removals:
            break
        if _unneeded(entry, needed, now - grace_s):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed += 1
    if removed:
        log.info(
            "unneeded reference copies removed", extra={"event": "refs_pruned", "count": removed}
        )
    return removed


def _unneeded(entry: os.DirEntry[str], needed: Collection[str], before: float) -> bool:
    name = entry.name
    if name in needed or not (KEPT_COPY.fullmatch(name) or LEFTOVER.fullmatch(name)):
        return False
    try:
        return entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < before
    except OSError:
        return False


def sent_size(
    width: int, height: int, file_size: int, limits: Limits = REFERENCE_LIMITS
) -> tuple[int, int] | None:
    """The width and height (as shown) that the copy of an image of ``width`` by ``height``
    and ``file_size`` bytes is scaled down to, or None when it is sent at its own size.

    Over the pixel limit, it is scaled to the most pixels the limit allows; over the byte
    limit (once so scaled), to the share of its pixels that its bytes' share of the limit
    gives, with a margin: an encoded image's size grows with its pixels. The aspect ratio
    is kept (to the pixel)."""
    area = min(1.0, limits.max_pixels / (width * height))
    expected_bytes = file_size * area
    if expected_bytes > limits.max_bytes:
        area *= limits.max_bytes / expected_bytes * _BYTES_MARGIN
    return None if area >= 1.0 else _scaled((width, height), area)


def planned_size(
    path: Path,
    fmt: str,
    width: int,
    height: int,
    file_size: int,
    limits: Limits = REFERENCE_LIMITS,
) -> tuple[int, int] | None:
    """:func:`sent_size` of the file at ``path`` (an image in ``fmt`` of ``width`` by
    ``height``, ``file_size`` bytes), as :func:`write_outgoing` will judge it: a file over
    the byte limit is read, to learn its size without what describes it (:func:`_bare`).
    It then reads the whole file: call it in a worker thread. One that cannot be read is
    judged on its size (its copy, made later, says what is wrong)."""
    if file_size > limits.max_bytes:
        with contextlib.suppress(OSError):
            file_size = len(_bare(fmt, path.read_bytes()))
    return sent_size(width, height, file_size, limits)


def _bare(fmt: str, data: bytes) -> bytes:
    """``data`` (a file in ``fmt``) without what describes it (:data:`_WITHOUT_METADATA`),
    as its copy is sent: its bytes, not the file's, are held to the byte limit. A small
    picture carrying megabytes of metadata (an editor's history, a workflow) was scaled
    down and encoded anew, when leaving out what the copy leaves out anyway fitted."""
    strip = _WITHOUT_METADATA.get(fmt)
    return data if strip is None else strip(data)


def _scaled(size: tuple[int, int], area: float) -> tuple[int, int]:
    """``size`` with ``area`` of its pixels (rounded down), its sides in the same ratio."""
    factor = math.sqrt(area)
    width, height = size
    return max(1, math.floor(width * factor)), max(1, math.floor(height * factor))


def write_outgoing(
    info: ImageInfo, target: Path, limits: Limits = REFERENCE_LIMITS
) -> tuple[int, int] | None:
    """Write the copy of ``info``'s image that is sent to KIE to ``target``: upright, scaled
    down to fit ``limits`` when it is over them without what describes it (:func:`sent_size`
    of :func:`_bare`'s bytes). Returns the size it was
    scaled to, or None when it keeps its own. It reads the whole file (and decodes a turned
    or scaled one): call it in a worker thread. Raises what :func:`_checked_bytes` does,
    OSError, or ValueError when Pillow cannot write the image."""
    data = _checked_bytes(info)
    bare = _bare(info.format, data)
    size = sent_size(info.width, info.height, len(bare), limits)
    if size is not None or info.orientation != UPRIGHT:
        return _write_encoded(info, data, target, size, limits)
    target.write_bytes(bare)
    return None


def _checked_bytes(info: ImageInfo) -> bytes:
    """The bytes of ``info``'s file as checked (:func:`checked_bytes`): read twice, half an
    image was sent to KIE and kept under the name of the bytes checked, for the next job of
    those to reuse."""
    return checked_bytes(
        info,
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name} changed while it was being made ready for sending, so nothing was "
            "sent: another program may still be saving it. Try again once it is saved.",
        ),
    )


def _write_encoded(
    info: ImageInfo, data: bytes, target: Path, size: tuple[int, int] | None, limits: Limits
) -> tuple[int, int] | None:
    """Write ``info``'s image (its file's ``data``) upright, scaled to ``size`` when given,
    in its own format (JPEG and WebP at quality 95, PNG losslessly with its transparency,
    the colour profile kept, nothing that describes it). Encoded anew, a copy may come out
    over the byte limit: it is then scaled down further, :data:`ENCODE_ATTEMPTS` times at
    most. Returns the size scaled to, or None."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        options = _save_options(info, image)
        upright = ImageOps.exif_transpose(image)
        for attempt in range(ENCODE_ATTEMPTS):
            if attempt:
                size = _scaled(size or upright.size, _SHRINK)
            picture = upright if size is None else _resized(upright, size)
            picture.save(target, **options)
            if target.stat().st_size <= limits.max_bytes:
                break
    return size


def _save_options(info: ImageInfo, image: Image.Image) -> dict[str, Any]:
    options: dict[str, Any] = {"format": info.format}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if info.format in ("JPEG", "WEBP"):
        options["quality"] = QUALITY
    if info.format == "JPEG":
        options["comment"] = b""  # Pillow copies the photo's comment over unless told
    if info.format == "PNG":
        options["compress_level"] = PNG_COMPRESSION
    return options


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """``image`` scaled to ``size`` with Lanczos (a paletted or 1-bit image is first given
    full colours or greys, which Pillow would otherwise scale with nearest-neighbour)."""
    from PIL import Image

    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "1":
        image = image.convert("L")
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
