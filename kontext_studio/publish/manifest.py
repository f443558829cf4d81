"""What a published artwork says about itself: the JSON manifest and the S3 user metadata.

The manifest sits beside the image (same key, ``.json`` extension) as UTF-8 JSON written with
``ensure_ascii=False``, so a Chinese title stays readable in the bucket.

S3 user metadata travels in HTTP headers and must be ASCII. Every metadata value is therefore
percent-encoded UTF-8 (``urllib.parse.quote(value, safe="")``; read it back with
:func:`decode_metadata` or ``urllib.parse.unquote``), and the whole set is kept under S3's
2 KB limit by shortening the prompt first (it is the long one; the manifest keeps it whole).
No secret ever goes into either.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

MANIFEST_SCHEMA = 1
MANIFEST_CONTENT_TYPE = "application/json; charset=utf-8"
METADATA_ENCODING = "percent-utf-8"
# S3 counts the UTF-8 bytes of every metadata key and value against 2048; leave headroom.
METADATA_BUDGET = 1900
TITLE_BUDGET = 400
_ELLIPSIS = "…"


@dataclass(frozen=True)
class ArtworkMeta:
    """The descriptive fields of one artwork, independent of the library's storage."""

    id: int
    title: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    source: str = "generated"
    prompt: str = ""
    model: str = ""
    ratio: str = ""
    width: int | None = None
    height: int | None = None
    sha256: str = ""
    created_at: float = 0.0


def iso_utc(timestamp: float) -> str:
    """ISO 8601 in UTC with a ``Z`` suffix, to the second."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def manifest_key_for(image_key: str) -> str:
    """``artworks/<sha>.png`` → ``artworks/<sha>.json``."""
    return posixpath.splitext(image_key)[0] + ".json"


def build_manifest(
    meta: ArtworkMeta,
    *,
    image_key: str,
    image_url: str | None,
    content_type: str,
    size: int,
) -> dict[str, Any]:
    """The manifest as a dict. ``image_url`` is the public URL, or ``None`` when the bucket
    has no public base: a presigned URL expires, so it never goes into a stored document."""
    return {
        "schema": MANIFEST_SCHEMA,
        "id": meta.id,
        "title": meta.title,
        "description": meta.description,
        "tags": list(meta.tags),
        "source": meta.source,
        "prompt": meta.prompt,
        "model": meta.model,
        "ratio": meta.ratio,
        "width": meta.width,
        "height": meta.height,
        "sha256": meta.sha256,
        "created_at": iso_utc(meta.created_at),
        "image_key": image_key,
        "image_url": image_url,
        "content_type": content_type,
        "size": size,
    }


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    """Deterministic UTF-8 JSON, so an unchanged manifest has an unchanged MD5."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def encode_value(text: str) -> str:
    return quote(text, safe="")


def fit_encoded(text: str, budget: int) -> str:
    """Percent-encode ``text``, cutting it on a character boundary (with an ellipsis) so the
    encoded form fits in ``budget`` bytes."""
    encoded = encode_value(text)
    if len(encoded) <= budget:
        return encoded
    room = budget - len(encode_value(_ELLIPSIS))
    if room < 0:
        return ""
    parts: list[str] = []
    used = 0
    for char in text:
        piece = encode_value(char)
        if used + len(piece) > room:
            break
        parts.append(piece)
        used += len(piece)
    return "".join(parts) + encode_value(_ELLIPSIS)


def encode_metadata(meta: ArtworkMeta) -> dict[str, str]:
    """S3 user metadata for the image: ASCII only, within :data:`METADATA_BUDGET`."""
    fixed = {
        "artwork-id": str(meta.id),
        "sha256": meta.sha256,
        "source": encode_value(meta.source),
        "model": encode_value(meta.model),
        "ratio": encode_value(meta.ratio),
        "encoding": METADATA_ENCODING,
    }
    used = sum(len(k) + len(v) for k, v in fixed.items())
    title = fit_encoded(meta.title, min(TITLE_BUDGET, METADATA_BUDGET - used - len("title")))
    used += len("title") + len(title)
    prompt = fit_encoded(meta.prompt, max(METADATA_BUDGET - used - len("prompt"), 0))
    return {**fixed, "title": title, "prompt": prompt}


def decode_metadata(metadata: Mapping[str, str]) -> dict[str, str]:
    """Undo :func:`encode_metadata` on what ``head_object`` returns."""
    return {key: unquote(value) for key, value in metadata.items()}


def metadata_size(metadata: Mapping[str, str]) -> int:
    """The size S3 counts against its 2 KB limit."""
    return sum(len(k.encode("utf-8")) + len(v.encode("utf-8")) for k, v in metadata.items())
