"""The copy of a reference image that a job keeps and sends to KIE.

Two things about a photo straight from a phone or camera should not reach KIE as they are:

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
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from kontext_studio.images.metadata import (
    without_gif_metadata,
    without_jpeg_metadata,
    without_png_metadata,
    without_webp_metadata,
)
from kontext_studio.images.validate import ImageInfo

log = logging.getLogger(__name__)

UPRIGHT = 1
QUALITY = 95
VERSION = "sent4"
"""Part of a kept copy's name: a copy an earlier version kept with its metadata is not
reused (``sent1`` kept a PNG's or a WebP's, ``sent2`` what follows a JPEG's image,
``sent3`` a GIF's)."""
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


def write_outgoing(info: ImageInfo, target: Path) -> None:
    """Write the copy of ``info``'s image that is sent to KIE to ``target``. It reads the
    whole file (and decodes a turned one): call it in a worker thread. Raises OSError, or
    ValueError when Pillow cannot write the image."""
    if info.orientation != UPRIGHT:
        _write_upright(info, target)
    elif info.format in _WITHOUT_METADATA:
        target.write_bytes(_WITHOUT_METADATA[info.format](info.path.read_bytes()))
    else:
        shutil.copyfile(info.path, target)


def _write_upright(info: ImageInfo, target: Path) -> None:
    from PIL import Image, ImageOps

    with Image.open(info.path) as image:
        icc_profile = image.info.get("icc_profile")
        turned = ImageOps.exif_transpose(image)
        options: dict[str, Any] = {"format": info.format}
        if icc_profile:
            options["icc_profile"] = icc_profile
        if info.format in ("JPEG", "WEBP"):
            options["quality"] = QUALITY
        if info.format == "JPEG":
            options["comment"] = b""  # Pillow copies the photo's comment over unless told
        turned.save(target, **options)
