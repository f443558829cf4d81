"""Image files: validation before upload, thumbnails and previews, provenance metadata.

Pillow only, no Qt. Everything here that decodes pixels or hashes files is slow on big files:
call it in an executor (``loop.run_in_executor``), never on the GUI thread.
"""

from kontext_studio.images.metadata import Provenance, embed_provenance, read_provenance
from kontext_studio.images.thumbnails import DecodedImage, decode_rgba, thumbnail
from kontext_studio.images.validate import (
    REFERENCE_LIMITS,
    UPLOAD_LIMITS,
    ImageInfo,
    Limits,
    inspect_bytes,
    inspect_image,
    sha256_file,
)

__all__ = [
    "REFERENCE_LIMITS",
    "UPLOAD_LIMITS",
    "DecodedImage",
    "ImageInfo",
    "Limits",
    "Provenance",
    "decode_rgba",
    "embed_provenance",
    "inspect_bytes",
    "inspect_image",
    "read_provenance",
    "sha256_file",
    "thumbnail",
]
