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

import shutil
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from kontext_studio.images.metadata import (
    without_gif_metadata,
    without_jpeg_metadata,
    without_png_metadata,
    without_webp_metadata,
)
from kontext_studio.images.validate import ImageInfo

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
