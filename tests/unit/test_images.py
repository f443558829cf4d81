"""kontext_studio.images: validation, thumbnails, previews and provenance metadata."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import stat
import struct
import threading
import time
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageFile, ImageSequence, JpegImagePlugin, PngImagePlugin

from kontext_studio import __version__
from kontext_studio.errors import FolderError, ImageError, ImageMissingError, StorageError
from kontext_studio.explain import explain, explain_kind
from kontext_studio.images import (
    REFERENCE_LIMITS,
    UPLOAD_LIMITS,
    Limits,
    Provenance,
    decode_rgba,
    embed_provenance,
    inspect_bytes,
    inspect_image,
    read_provenance,
    sha256_file,
    thumbnail,
)
from kontext_studio.images import export as export_module
from kontext_studio.images import validate as validate_module
from kontext_studio.images.export import export_all, export_copy
from kontext_studio.images.metadata import (
    EDITED,
    GENERATED,
    JSON_KEYWORD,
    without_gif_metadata,
    without_jpeg_metadata,
    without_png_metadata,
    without_webp_metadata,
)
from kontext_studio.images.thumbnails import (
    PREMULTIPLIED,
    DecodeStopped,
    mark_damaged,
    prune_cache,
)
from kontext_studio.kie.models import MAX_PROMPT_CHARS

MiB = 1024 * 1024
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}
CHINESE_PROMPT = "一只在雪地里奔跑的红狐狸，电影感光线 & <golden hour>"


# ------------------------------------------------------------------------------- helpers


def noise(mode: str, size: tuple[int, int]) -> Image.Image:
    """Random pixels: incompressible, so a cut file really lacks image data."""
    return Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))


def image_bytes(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def header_only_png(width: int, height: int) -> bytes:
    """A few dozen bytes whose header claims ``width``×``height`` RGB pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PngImagePlugin._MAGIC
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b""))
        + png_chunk(b"IEND", b"")
    )


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, body) of every chunk, asserting each stored CRC is right."""
    assert data.startswith(PngImagePlugin._MAGIC)
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(ctype + body), ctype
        chunks.append((ctype, body))
        pos += 12 + length
    return chunks


def jpeg_markers(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of the segments before the first scan."""
    pos, segments = 2, []
    while data[pos + 1] != 0xDA:
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segments.append((marker, data[pos + 4 : pos + 2 + length]))
        pos += 2 + length
    return segments


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        return image.mode, image.size, image.tobytes()


def provenance(**changes: object) -> Provenance:
    fields: dict[str, object] = {
        "prompt": CHINESE_PROMPT,
        "model": "flux-kontext-pro",
        "ratio": "16:9",
        "task_id": "task_8f2c",
        "app_version": __version__,
        "is_edit": False,
        "output_format": "png",
    }
    fields.update(changes)
    return Provenance(**fields)  # type: ignore[arg-type]


def xmp_root(xmp: str | bytes) -> ET.Element:
    text = xmp.decode("utf-8") if isinstance(xmp, bytes) else xmp
    return ET.fromstring(text.strip())


def source_types(root: ET.Element) -> list[str]:
    key = f"{{{NS['Iptc4xmpExt']}}}DigitalSourceType"
    return [d.attrib[key] for d in root.iter(f"{{{NS['rdf']}}}Description") if key in d.attrib]


def description(root: ET.Element) -> str | None:
    li = root.find(".//dc:description/rdf:Alt/rdf:li", NS)
    return None if li is None else li.text


# ------------------------------------------------------------------------------ validate


def test_accepts_a_png_and_describes_it(tmp_path: Path) -> None:
    data = image_bytes(noise("RGB", (64, 48)), "PNG")
    path = write(tmp_path / "fox.png", data)
    info = inspect_image(path)
    assert (info.format, info.mime_type, info.width, info.height) == ("PNG", "image/png", 64, 48)
    assert info.file_size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.path == path
    assert info.extension_note is None


@pytest.mark.parametrize(
    ("fmt", "mime"), [("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif")]
)
def test_accepts_the_other_reference_formats(tmp_path: Path, fmt: str, mime: str) -> None:
    path = write(tmp_path / f"fox.{fmt.lower()}", image_bytes(noise("RGB", (40, 30)), fmt))
    info = inspect_image(path, REFERENCE_LIMITS)
    assert (info.format, info.mime_type, info.width, info.height) == (fmt, mime, 40, 30)


@pytest.mark.parametrize(
    ("orientation", "shown"), [(1, (800, 400)), (3, (800, 400)), (6, (400, 800)), (8, (400, 800))]
)
def test_the_size_is_the_one_shown_after_the_exif_orientation(
    tmp_path: Path, orientation: int, shown: tuple[int, int]
) -> None:
    """A phone photo stored 800×400 and turned by its EXIF tag is a portrait 400×800 in
    every viewer, the reference slot's thumbnail included: its size says so too."""
    path = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.new("RGB", (800, 400), "teal").save(path, exif=exif)
    info = inspect_image(path)
    assert (info.width, info.height) == shown


def test_wrong_extension_is_accepted_and_the_real_format_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "fox.jpg", image_bytes(noise("RGB", (20, 10)), "PNG"))
    info = inspect_image(path)
    assert (info.format, info.mime_type, info.extension) == ("PNG", "image/png", ".png")
    assert info.extension_note == "fox.jpg is actually a PNG"


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match=r"^fox\.png is 0 bytes$"):
        inspect_image(write(tmp_path / "fox.png", b""))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_file(tmp_path: Path, fmt: str) -> None:
    data = image_bytes(noise("RGB", (64, 64)), fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    path = write(tmp_path / f"fox.{fmt.lower()}", data[: len(data) // 2])
    with pytest.raises(ImageError, match=rf"^fox\.{fmt.lower()} is truncated or damaged$"):
        inspect_image(path)


def test_damaged_png_crc(tmp_path: Path) -> None:
    data = bytearray(image_bytes(noise("RGB", (16, 16)), "PNG"))
    data[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    with pytest.raises(ImageError, match="is truncated or damaged"):
        inspect_image(write(tmp_path / "fox.png", bytes(data)))


def test_bomb_is_refused_from_the_header_before_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    path = write(tmp_path / "fox.png", header_only_png(30000, 30000))
    assert path.stat().st_size < 100
    with pytest.raises(
        ImageError, match=r"^fox\.png is 30000×30000 \(900 MP\); the limit is 20 MP$"
    ):
        inspect_image(path)


def test_pillows_bomb_limit_still_applies_with_generous_limits(tmp_path: Path) -> None:
    """Image.open would raise DecompressionBombError here; the artist gets our sentence."""
    path = write(tmp_path / "fox.png", header_only_png(30000, 30000))
    huge = Limits(max_bytes=MiB, max_pixels=10**12, formats=("PNG",))
    pillow_limit = round(Image.MAX_IMAGE_PIXELS / 1e6, 1)  # type: ignore[operator]
    with pytest.raises(ImageError, match=rf"30000×30000 \(900 MP\); the limit is {pillow_limit}"):
        inspect_image(path, huge)


def test_a_reference_file_s_pixel_limit_is_the_one_said() -> None:
    """The limit a refusal and the README say (Pillow's, 89.5 MP) is the one written."""
    assert validate_module.REFERENCE_FILE_LIMITS.max_pixels == Image.MAX_IMAGE_PIXELS


def test_pixel_limit_of_uploads(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.png", header_only_png(10000, 5001))
    with pytest.raises(ImageError, match=r"10000×5001 \(50.1 MP\); the limit is 50 MP$"):
        inspect_image(path, UPLOAD_LIMITS)


class _HeaderOnly:
    """A file opened by the checks, which may read its first bytes (its format) only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._file = open(*args, **kwargs)  # noqa: SIM115  (closed by __exit__)

    def __enter__(self) -> _HeaderOnly:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def read(self, size: int = -1) -> bytes:
        assert 0 <= size <= 64, "more than the file's header was read"
        data: bytes = self._file.read(size)
        return data


def oversized(path: Path, data: bytes, size: int = 100 * MiB) -> Path:
    """``data`` (a real image's bytes) made ``size`` bytes long, sparse: costs no disk."""
    write(path, data)
    with open(path, "r+b") as handle:
        handle.truncate(size)
    return path


def test_oversized_file_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = oversized(tmp_path / "fox.png", image_bytes(noise("RGB", (8, 8)), "PNG"))
    monkeypatch.setattr(validate_module, "open", _HeaderOnly, raising=False)
    with pytest.raises(ImageError, match=r"^fox\.png is 100 MB; the limit is 20 MB$") as big:
        inspect_image(path)
    with pytest.raises(ImageError, match=r"^fox\.png is 100 MB; the limit is 50 MB$"):
        inspect_image(path, UPLOAD_LIMITS)
    # Not "choose a file that opens": it opens, it is too large.
    assert explain(big.value).message.startswith("This image is too large.")
    assert explain(big.value).hint.startswith("Save it as a JPEG or WebP")


@pytest.mark.parametrize(
    ("fmt", "hint"),
    [
        ("JPEG", "Save it again at a lower JPEG quality, or with fewer pixels, and try again."),
        (
            "PNG",
            "Save it as a JPEG or WebP (far smaller than a PNG), or with fewer pixels, and "
            "try again.",
        ),
        (
            "WEBP",
            "Save it again at a lower WebP quality (not lossless), or with fewer pixels, and "
            "try again.",
        ),
        ("GIF", "Save it as a JPEG or PNG, or with fewer pixels, and try again."),
    ],
)
def test_a_file_over_the_byte_limit_is_told_what_makes_its_format_smaller(
    tmp_path: Path, fmt: str, hint: str
) -> None:
    """Before, every one was told "save it smaller (as JPEG, say)", a JPEG too. The format
    is the content's, not the name's."""
    path = oversized(tmp_path / "art.png", image_bytes(noise("RGB", (8, 8)), fmt), 60 * MiB)
    with pytest.raises(ImageError) as big:
        inspect_image(path, UPLOAD_LIMITS)
    assert explain(big.value).hint == hint
    assert "as JPEG, say" not in explain(big.value).hint


def test_too_many_pixels_are_not_made_fewer_by_another_format(tmp_path: Path) -> None:
    """A JPEG over the pixel limit was told to save it "as JPEG": no format has fewer pixels."""
    path = write(tmp_path / "wide.jpg", image_bytes(noise("RGB", (300, 200)), "JPEG"))
    tight = Limits(max_bytes=MiB, max_pixels=50_000, formats=("JPEG",))
    with pytest.raises(ImageError) as big:
        inspect_image(path, tight)
    assert explain(big.value).hint == "Save it with fewer pixels (scale it down), and try again."


def test_a_file_over_the_byte_limit_that_cannot_be_told_keeps_the_kinds_words(
    tmp_path: Path,
) -> None:
    path = oversized(tmp_path / "notes.png", b"just some notes\n", 60 * MiB)
    with pytest.raises(ImageError) as big:
        inspect_image(path, UPLOAD_LIMITS)
    assert explain(big.value).hint == explain_kind(big.value.kind).hint


def test_an_image_at_the_limits_is_taken_and_one_byte_or_pixel_over_them_is_not(
    tmp_path: Path,
) -> None:
    """The limits are what may be sent (KIE's 20 MB, 20 MP): a file at them is taken."""
    path = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(path)
    size = path.stat().st_size
    at = Limits(max_bytes=size, max_pixels=64 * 48, formats=("PNG",))
    assert (inspect_image(path, at).width, inspect_image(path, at).height) == (64, 48)
    with pytest.raises(ImageError, match="MB; the limit is"):
        inspect_image(path, Limits(max_bytes=size - 1, max_pixels=64 * 48, formats=("PNG",)))
    with pytest.raises(ImageError, match="MP"):
        inspect_image(path, Limits(max_bytes=size, max_pixels=64 * 48 - 1, formats=("PNG",)))


def test_one_byte_over_the_limit_does_not_read_as_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "fox.png"
    with open(path, "wb") as handle:
        handle.truncate(20 * MiB + 1)
    with pytest.raises(ImageError, match=r"is 20.1 MB; the limit is 20 MB$"):
        inspect_image(path)


def test_an_animation_is_told_from_a_still_and_from_a_phones_second_picture(
    tmp_path: Path,
) -> None:
    """Only an animation's first frame is used as a reference, which the slot says; a JPEG
    with a second picture after it (an MPO, as phones make) is no animation."""
    frames = [Image.new("RGB", (16, 12), colour) for colour in ("red", "green")]
    for fmt in ("GIF", "WEBP", "PNG"):
        moving = tmp_path / f"moving.{fmt.lower()}"
        frames[0].save(moving, fmt, save_all=True, append_images=frames[1:], duration=100)
        still = tmp_path / f"still.{fmt.lower()}"
        frames[0].save(still, fmt)
        assert inspect_image(moving).animated, fmt
        assert not inspect_image(still).animated, fmt
    phone = tmp_path / "phone.jpg"
    frames[0].save(phone, "MPO", save_all=True, append_images=frames[1:])
    assert inspect_image(phone).format == "JPEG"
    assert not inspect_image(phone).animated


@pytest.mark.parametrize("after_pixels", [False, True])
def test_a_pngs_turned_size_is_read_without_decoding_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after_pixels: bool
) -> None:
    """A PNG's size as shown follows its EXIF orientation, whose eXIf chunk may come before
    or after the pixels. Pillow decoded the whole picture to look for it: 0.45 s of CPU for a
    14 MP PNG on each publish, for its size alone. Its chunks are walked instead."""
    exif = Image.Exif()
    exif[0x0112] = 6
    block = exif.tobytes()
    data = image_bytes(Image.new("RGB", (80, 40), "teal"), "PNG")
    chunk = struct.pack(">I", len(block)) + b"eXIf" + block
    chunk += struct.pack(">I", zlib.crc32(b"eXIf" + block))
    at = data.index(b"IEND") - 4 if after_pixels else data.index(b"IDAT") - 4
    path = write(tmp_path / "turned.png", data[:at] + chunk + data[at:])
    with Image.open(path) as decoded:
        assert decoded.getexif()[0x0112] == 6  # Pillow reads it, decoding

    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("its size needs no decoding")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with Image.open(path) as image:
        assert validate_module.shown_size(image) == (40, 80)


def _turned_png(carrier: str, animated: bool = False) -> bytes:
    """An 80x40 PNG whose orientation 6 (a quarter turn) is carried as ``carrier`` says:
    the chunk, and whether it comes before the pixels or after them."""
    exif = Image.Exif()
    exif[0x0112] = 6
    block = exif.tobytes()
    raw = f"\nexif\n{len(block)}\n{block.hex()}\n".encode()
    xmp = b'<x:xmpmeta><rdf:Description tiff:Orientation="6"/></x:xmpmeta>'
    chunks = {
        "eXIf": png_chunk(b"eXIf", block),
        "XMP": png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp),
        "raw profile": png_chunk(b"tEXt", b"Raw profile type exif\x00" + raw),
    }
    kind, where = carrier.rsplit(" ", 1)
    frames = [Image.new("RGB", (80, 40), colour) for colour in ("teal", "red")]
    data = image_bytes(frames[0], "PNG", save_all=animated, append_images=frames[1:])
    at = data.index(b"IEND" if where == "after" else b"IDAT") - 4
    return data[:at] + chunks[kind] + data[at:]


@pytest.mark.parametrize(
    ("carrier", "animated"),
    [
        ("eXIf before", False),
        ("eXIf after", False),
        ("XMP before", False),
        ("raw profile before", False),
        ("raw profile after", False),
        ("XMP after", False),
        ("eXIf before", True),
        ("eXIf after", True),
    ],
)
def test_a_pngs_size_as_shown_is_the_one_pillow_decodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, carrier: str, animated: bool
) -> None:
    """The size a publish reads without decoding is the one the
    import, which decodes, recorded: Pillow also takes the orientation from an XMP packet
    or ImageMagick's raw EXIF profile in a text chunk, and reads an animation's eXIf only
    up to its second frame. Such a PNG was recorded turned when imported, and published with
    its width and height swapped. Only a text chunk after the pixels has it decoded."""
    path = write(tmp_path / "turned.png", _turned_png(carrier, animated))
    with Image.open(path) as decoded:
        decoded.load()
        orientation = decoded.getexif().get(0x0112, 1)
    assert orientation == (1 if animated and carrier.endswith("after") else 6)
    expected = (40, 80) if orientation == 6 else (80, 40)
    if carrier.startswith("eXIf") or carrier.endswith("before"):

        def no_decoding(self: ImageFile.ImageFile) -> None:
            raise AssertionError("its size needs no decoding")

        monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with Image.open(path) as image:
        assert validate_module.shown_size(image) == expected


def test_text_file_is_not_an_image(tmp_path: Path) -> None:
    path = write(tmp_path / "fox.png", b"just some notes\n")
    expected = (
        r"^fox\.png is not an image, or its format is not supported: "
        r"use JPEG, PNG, WebP or GIF$"
    )
    with pytest.raises(ImageError, match=expected):
        inspect_image(path)


def test_known_but_unsupported_format_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "fox.png", image_bytes(noise("RGB", (8, 8)), "BMP"))
    with pytest.raises(ImageError, match=r"^fox\.png is a BMP image, which is not supported"):
        inspect_image(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("IMG_0042.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)),
        ("scan.tiff", image_bytes(noise("RGB", (8, 8)), "TIFF")),
        ("paint.bmp", image_bytes(noise("RGB", (8, 8)), "BMP")),
    ],
)
def test_a_format_known_but_not_taken_says_to_save_it_as_one_taken(
    tmp_path: Path, name: str, data: bytes
) -> None:
    """An iPhone photo (HEIC), a scan (TIFF): the refusal says to save it as a JPEG or PNG.
    Before, it said to "choose another image, one that opens in other apps", and the photo
    opens in every other app."""
    path = write(tmp_path / name, data)
    with pytest.raises(ImageError) as refused:
        inspect_image(path, validate_module.REFERENCE_FILE_LIMITS)
    hint = explain(refused.value).hint
    assert hint.startswith("Save or export it as a JPEG or PNG")
    assert "opens in other apps" not in hint


def test_gif_is_a_reference_format_but_not_an_upload_format(tmp_path: Path) -> None:
    path = write(tmp_path / "fox.gif", image_bytes(noise("RGB", (8, 8)), "GIF"))
    assert inspect_image(path, REFERENCE_LIMITS).format == "GIF"
    with pytest.raises(ImageError, match=r"is a GIF image, .* use JPEG, PNG or WebP$"):
        inspect_image(path, UPLOAD_LIMITS)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "fox.png"
    folder.mkdir()
    with pytest.raises(ImageError, match=r"^fox\.png is a folder, not an image file$"):
        inspect_image(folder)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match=r"^fox\.png does not exist$"):
        inspect_image(tmp_path / "fox.png")
    with pytest.raises(ImageError, match="does not exist"):
        sha256_file(tmp_path / "fox.png")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root here, where chmod 000 does not stop reading: simulate the refusal."""
    path = write(tmp_path / "fox.png", image_bytes(noise("RGB", (8, 8)), "PNG"))

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(validate_module, "open", denied, raising=False)
    with pytest.raises(ImageError, match=r"^fox\.png cannot be read: permission denied$"):
        inspect_image(path)


def test_truncated_images_are_never_loaded_leniently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "fox.png", image_bytes(noise("RGB", (8, 8)), "PNG"))
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(RuntimeError, match="LOAD_TRUNCATED_IMAGES"):
        inspect_image(path)


def comfy_png(tmp_path: Path, *, after_pixels: bool = False, text: bytes | None = None) -> Path:
    """A PNG as ComfyUI saves one: its workflow (JSON, here over 1 MB) in a text chunk,
    compressed as other tools write it (zTXt); before its pixels, or after them."""
    if text is None:
        nodes = [
            {"id": n, "type": "KSampler", "widgets_values": [n, "euler", 20]} for n in range(25_000)
        ]
        text = json.dumps({"nodes": nodes}).encode()
    assert len(text) > PngImagePlugin.ImageFile.SAFEBLOCK  # Pillow's own limit: 1 MB
    chunk = png_chunk(b"zTXt", b"workflow\x00\x00" + zlib.compress(text, 9))
    data = image_bytes(noise("RGB", (64, 48)), "PNG")
    at = len(data) - 12 if after_pixels else 33  # before IEND, or after IHDR
    return write(tmp_path / "comfy.png", data[:at] + chunk + data[at:])


@pytest.mark.parametrize("after_pixels", [False, True])
def test_a_png_carrying_a_large_workflow_is_accepted(tmp_path: Path, after_pixels: bool) -> None:
    """Pillow inflates a compressed text chunk to 1 MB at most and refuses the file past it:
    a ComfyUI PNG whose workflow was larger was called "truncated or damaged"."""
    path = comfy_png(tmp_path, after_pixels=after_pixels)

    for limits in (REFERENCE_LIMITS, UPLOAD_LIMITS):
        assert (inspect_image(path, limits).width, inspect_image(path, limits).height) == (64, 48)
    assert thumbnail(path, tmp_path / "thumbs").is_file()
    assert read_provenance(path) is None


@pytest.mark.parametrize("after_pixels", [False, True])
def test_a_png_whose_text_inflates_past_the_limit_is_refused_as_such(
    tmp_path: Path, after_pixels: bool
) -> None:
    """What a text chunk is inflated to stays bounded (a few kilobytes of zTXt may hold
    gigabytes of zeros): one over it is refused, saying what is wrong, not "damaged"."""
    path = comfy_png(tmp_path, after_pixels=after_pixels, text=b"\x00" * (64 * MiB))
    assert path.stat().st_size < 200 * 1024

    with pytest.raises(ImageError) as refused:
        inspect_image(path, UPLOAD_LIMITS)

    assert str(refused.value) == (
        "comfy.png carries more text than the app reads (over 8 MB, such as a workflow saved in it)"
    )
    assert refused.value.kind == "image_too_large"
    with pytest.raises(ImageError, match="carries more text"):
        thumbnail(path, tmp_path / "thumbs")


def test_inspect_bytes_accepts_an_image_and_refuses_a_web_page() -> None:
    data = image_bytes(noise("RGB", (30, 20)), "JPEG")
    assert inspect_bytes(data, name="result.jpg", limits=REFERENCE_LIMITS) == ("JPEG", 30, 20)
    page = b"\n<!DOCTYPE html><html><body>Link expired</body></html>"
    with pytest.raises(ImageError, match=r"^result\.jpg is a web page, not an image"):
        inspect_bytes(page, name="result.jpg", limits=REFERENCE_LIMITS)
    with pytest.raises(ImageError, match="is a text reply, not an image"):
        inspect_bytes(b'{"code": 404}', name="result.jpg", limits=REFERENCE_LIMITS)
    with pytest.raises(ImageError, match="is 0 bytes"):
        inspect_bytes(b"", name="result.jpg", limits=REFERENCE_LIMITS)
    with pytest.raises(ImageError, match="is truncated or damaged"):
        inspect_bytes(data[: len(data) // 2], name="result.jpg", limits=REFERENCE_LIMITS)


def test_sha256_file_reads_in_chunks(tmp_path: Path) -> None:
    data = os.urandom(2 * MiB + 12345)
    assert sha256_file(write(tmp_path / "blob", data)) == hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------- thumbnails


def test_thumbnail_of_an_opaque_jpeg_is_a_small_jpeg(tmp_path: Path) -> None:
    source = write(tmp_path / "big.jpg", image_bytes(noise("RGB", (1024, 512)), "JPEG"))
    thumb = thumbnail(source, tmp_path / "cache", 256)
    assert thumb.parent == tmp_path / "cache" and thumb.suffix == ".jpg"
    with Image.open(thumb) as image:
        assert (image.format, image.size) == ("JPEG", (256, 128))


def test_thumbnail_uses_jpeg_draft_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path / "big.jpg", image_bytes(noise("RGB", (2048, 1024)), "JPEG"))
    original = JpegImagePlugin.JpegImageFile.draft
    results: list[object] = []

    def spy(self: JpegImagePlugin.JpegImageFile, *args: Any) -> Any:
        results.append(original(self, *args))
        return results[-1]

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    thumbnail(source, tmp_path / "cache", 256)
    assert results and results[0] is not None  # libjpeg decoded at a reduced scale


def test_cached_thumbnail_is_returned_without_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "fox.png", image_bytes(noise("RGB", (300, 200)), "PNG"))
    first = thumbnail(source, tmp_path / "cache")
    made = first.stat().st_mtime_ns

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("the source was decoded again")

    monkeypatch.setattr(Image, "open", no_decoding)
    assert thumbnail(source, tmp_path / "cache") == first
    assert first.stat().st_mtime_ns == made
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [first.name]  # no temp left


DAY = 24 * 60 * 60
NOW = 1_800_000_000.0


def cached_file(folder: Path, name: str, size: int, days_unused: float) -> Path:
    """A file in the thumbnail cache, last used ``days_unused`` days before :data:`NOW`."""
    path = folder / name
    path.write_bytes(b"\xff" * size)
    os.utime(path, (NOW - days_unused * DAY, NOW - days_unused * DAY))
    return path


def left_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_thumbnails_unused_for_a_month_are_removed(tmp_path: Path) -> None:
    """Thumbnails of deleted artworks and of sizes no screen asks for any more (the old
    256 px ones) stayed forever."""
    cache = tmp_path / "thumbnails"
    cache.mkdir()
    old_256 = cached_file(cache, "a" * 40 + ".jpg", 900, days_unused=200)
    deleted = cached_file(cache, "b" * 40 + ".png", 900, days_unused=31)
    recent = cached_file(cache, "c" * 40 + ".jpg", 900, days_unused=29)
    killed_write = cached_file(cache, ".thumb-x1y2.tmp", 900, days_unused=2)
    being_written = cached_file(cache, ".thumb-z3.tmp", 900, days_unused=0)
    not_ours = cached_file(cache, "notes.txt", 900, days_unused=400)
    (cache / ("d" * 40 + ".jpg")).mkdir()  # not a file: passed over

    assert prune_cache(cache, now=NOW) == 3
    assert left_in(cache) == {recent.name, being_written.name, not_ours.name, "d" * 40 + ".jpg"}
    assert not {old_256.name, deleted.name, killed_write.name} & left_in(cache)
    assert prune_cache(tmp_path / "no such folder", now=NOW) == 0


def test_thumbnails_beyond_the_size_cap_go_least_recently_used_first(tmp_path: Path) -> None:
    cache = tmp_path / "thumbnails"
    cache.mkdir()
    names = [cached_file(cache, f"{n:040x}.jpg", 1000, days_unused=n).name for n in range(6)]
    assert prune_cache(cache, max_bytes=3500, now=NOW) == 3
    assert left_in(cache) == set(names[:3])  # the three used last


def test_damaged_marks_of_artworks_gone_a_month_are_removed(tmp_path: Path) -> None:
    """A mark that an artwork's image was found damaged stayed forever once the artwork was
    deleted; one still in use is kept, and the size cap never takes it (it is empty)."""
    cache = tmp_path / "thumbnails"
    cache.mkdir()
    gone = cached_file(cache, "a" * 40 + ".damaged", 0, days_unused=31)
    current = cached_file(cache, "b" * 40 + ".damaged", 0, days_unused=0)
    thumb = cached_file(cache, "c" * 40 + ".jpg", 1000, days_unused=1)

    assert prune_cache(cache, max_bytes=10, now=NOW) == 2
    assert left_in(cache) == {current.name}
    assert not {gone.name, thumb.name} & left_in(cache)


def test_a_thumbnail_used_again_is_kept(tmp_path: Path) -> None:
    """Its file was made long ago, but the library shows it every day: it must not be
    removed and made again at every start."""
    source = write(tmp_path / "fox.png", image_bytes(noise("RGB", (100, 100)), "PNG"))
    cache = tmp_path / "cache"
    made = thumbnail(source, cache, 64)
    long_ago = time.time() - 90 * DAY
    os.utime(made, (long_ago, long_ago))
    assert thumbnail(source, cache, 64) == made
    assert prune_cache(cache) == 0
    assert made.is_file()


def test_changed_source_gets_a_new_thumbnail(tmp_path: Path) -> None:
    source = write(tmp_path / "fox.png", image_bytes(noise("RGB", (100, 100)), "PNG"))
    first = thumbnail(source, tmp_path / "cache", 64)
    write(source, image_bytes(noise("RGB", (100, 50)), "PNG"))
    second = thumbnail(source, tmp_path / "cache", 64)
    assert second != first
    with Image.open(second) as image:
        assert image.size == (64, 32)
    assert thumbnail(source, tmp_path / "cache", 32) not in (first, second)


def test_thumbnail_keyed_by_content_survives_a_rename(tmp_path: Path) -> None:
    data = image_bytes(noise("RGB", (100, 100)), "PNG")
    digest = hashlib.sha256(data).hexdigest()
    first = thumbnail(write(tmp_path / "a.png", data), tmp_path / "cache", sha256=digest)
    (tmp_path / "a.png").rename(tmp_path / "b.png")
    assert thumbnail(tmp_path / "b.png", tmp_path / "cache", sha256=digest) == first


def test_thumbnail_keeps_transparency(tmp_path: Path) -> None:
    image = Image.new("RGBA", (200, 100), (255, 0, 0, 255))
    image.paste((0, 0, 0, 0), (0, 0, 100, 100))  # left half fully transparent
    thumb = thumbnail(write(tmp_path / "cut.png", image_bytes(image, "PNG")), tmp_path / "c", 100)
    assert thumb.suffix == ".png"
    with Image.open(thumb) as small:
        assert small.mode == "RGBA" and small.size == (100, 50)
        assert small.getpixel((5, 25))[3] == 0  # type: ignore[index]
        assert small.getpixel((95, 25)) == (255, 0, 0, 255)


def test_thumbnail_of_a_transparent_gif_is_a_png(tmp_path: Path) -> None:
    image = Image.new("P", (40, 40), 1)
    image.putpalette([0, 0, 0, 0, 200, 0] + [0] * 762)
    image.paste(0, (0, 0, 20, 40))
    source = write(tmp_path / "a.gif", image_bytes(image, "GIF", transparency=0))
    thumb = thumbnail(source, tmp_path / "cache", 20)
    with Image.open(thumb) as small:
        assert small.format == "PNG"
        assert small.getpixel((2, 10))[3] == 0  # type: ignore[index]
        assert small.getpixel((18, 10)) == (0, 200, 0, 255)


def test_fully_opaque_rgba_becomes_a_jpeg_thumbnail(tmp_path: Path) -> None:
    source = write(tmp_path / "a.png", image_bytes(Image.new("RGBA", (50, 50), "blue"), "PNG"))
    assert thumbnail(source, tmp_path / "cache", 20).suffix == ".jpg"


def test_thumbnail_follows_exif_orientation(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = image_bytes(noise("RGB", (200, 100)), "JPEG", exif=exif)
    thumb = thumbnail(write(tmp_path / "phone.jpg", data), tmp_path / "cache", 100)
    with Image.open(thumb) as image:
        assert image.size == (50, 100)


def test_a_kept_thumbnail_does_not_hide_that_the_file_is_gone(tmp_path: Path) -> None:
    source = write(tmp_path / "art.png", image_bytes(noise("RGB", (40, 40)), "PNG"))
    thumbnail(source, tmp_path / "cache", 32, sha256="ab" * 32)
    source.unlink()
    with pytest.raises(ImageMissingError, match=r"art\.png does not exist"):
        thumbnail(source, tmp_path / "cache", 32, sha256="ab" * 32)


def opens_counted(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What ``Image.open`` is asked to open from now on (each a read of a source)."""
    opened: list[object] = []
    real_open = Image.open

    def counted(source: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(source)
        return real_open(source, *args, **kwargs)

    monkeypatch.setattr(Image, "open", counted)
    return opened


def damaged_since(tmp_path: Path) -> tuple[Path, Path, str, bytes]:
    """A PNG whose thumbnail was made while it was whole, cut short since: the source, the
    cache, its sha256 and its whole bytes."""
    whole = image_bytes(noise("RGB", (300, 200)), "PNG")
    source = write(tmp_path / "fox.png", whole)
    sha256 = hashlib.sha256(whole).hexdigest()
    thumbnail(source, tmp_path / "cache", 64, sha256=sha256)
    source.write_bytes(whole[: len(whole) // 2])
    return source, tmp_path / "cache", sha256, whole


def test_a_damaged_mark_of_an_unchanged_file_is_trusted_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file found damaged, marked so with its size and time as it was read: each tile
    load read it whole again (a 50 MP file, at every start) only to find it damaged still.
    Unchanged, it is not read; saved again since, it is, and whole it is shown again."""
    source, cache, sha256, whole = damaged_since(tmp_path)
    mark_damaged(source, cache, sha256, validate_module.file_stamp(source))
    opened = opens_counted(monkeypatch)
    for size in (64, 128):
        with pytest.raises(ImageError, match=r"fox\.png is truncated or damaged"):
            thumbnail(source, cache, size, sha256=sha256)
    assert opened == []
    source.write_bytes(whole)  # put back from a backup
    shown = thumbnail(source, cache, 64, sha256=sha256)
    assert len(opened) == 1 and shown.is_file()
    assert not list(cache.glob("*.damaged"))


def test_a_copy_put_back_with_the_damaged_files_size_and_time_is_read_not_taken_for_it(
    tmp_path: Path,
) -> None:
    """A copy put back from a backup by a tool that keeps the size and modification time
    (``cp -p``, rsync) matched the damaged mark: after a restart its tile said "Image
    unreadable" of a whole image, unread, until the preview read it."""
    whole = image_bytes(noise("RGB", (300, 200)), "PNG")
    source = write(tmp_path / "fox.png", whole)
    cache, sha256 = tmp_path / "cache", hashlib.sha256(whole).hexdigest()
    half = len(whole) // 2
    source.write_bytes(whole[:half] + bytes(len(whole) - half))  # damaged in place
    damaged = source.stat()
    mark_damaged(source, cache, sha256, validate_module.file_stamp(source))
    source.write_bytes(whole)  # cp -p from a backup
    os.utime(source, ns=(damaged.st_atime_ns, damaged.st_mtime_ns))
    while source.stat().st_ctime_ns == damaged.st_ctime_ns:
        # Later than the damage, as a restore is: a kernel without fine-grained file times
        # (Linux before 6.13) notes what is done within one clock tick at the same time.
        os.utime(source, ns=(damaged.st_atime_ns, damaged.st_mtime_ns))
    assert thumbnail(source, cache, 64, sha256=sha256).is_file()
    assert not list(cache.glob("*.damaged"))


def test_a_damaged_mark_without_a_stamp_is_read_once_then_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older version's mark is empty: the file is read once to know, and, damaged
    still, its stamp kept, so the next load reads nothing; changed and damaged still, it
    is read once again."""
    source, cache, sha256, whole = damaged_since(tmp_path)
    mark_damaged(source, cache, sha256)  # no stamp: as an older version wrote it
    (mark,) = cache.glob("*.damaged")
    assert mark.read_bytes() == b""
    opened = opens_counted(monkeypatch)
    for _ in range(3):
        with pytest.raises(ImageError, match="truncated or damaged"):
            thumbnail(source, cache, 64, sha256=sha256)
    assert len(opened) == 1
    source.write_bytes(whole[: len(whole) // 3])  # saved again, cut short again
    for _ in range(2):
        with pytest.raises(ImageError, match="truncated or damaged"):
            thumbnail(source, cache, 64, sha256=sha256)
    assert len(opened) == 2


def test_a_file_damaged_unchanged_since_the_callers_last_failed_read_is_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the preview marked a damaged file: one whose tile failed on its own was read
    again (and tried again) at every start. Found damaged by the caller's last try, and
    unchanged since, it is marked; one changed since (being written) is not."""
    source, cache, sha256, whole = damaged_since(tmp_path)
    opened = opens_counted(monkeypatch)
    before = validate_module.file_stamp(source)
    source.write_bytes(whole[: len(whole) // 3])  # still being written: changed since
    with pytest.raises(ImageError, match="truncated or damaged"):
        thumbnail(source, cache, 64, sha256=sha256, damaged=True, damaged_as=before)
    assert not list(cache.glob("*.damaged"))
    settled = validate_module.file_stamp(source)
    with pytest.raises(ImageError, match="truncated or damaged"):
        thumbnail(source, cache, 64, sha256=sha256, damaged=True, damaged_as=settled)
    assert len(opened) == 2
    for _ in range(2):  # a restart: the mark is trusted, the file not read
        with pytest.raises(ImageError, match="truncated or damaged"):
            thumbnail(source, cache, 64, sha256=sha256)
    assert len(opened) == 2


def test_a_file_a_share_failed_to_read_is_said_unreadable_not_damaged_nor_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A share that dropped as the pixels were read (EIO, a timeout) was told as a damaged
    file: over a tile's last tries it was marked so, and said "Image unreadable" at every
    start, unread, though the file was whole. The disk's failure is said as such."""
    whole = image_bytes(noise("RGB", (300, 200)), "PNG")
    source = write(tmp_path / "fox.png", whole)
    cache = tmp_path / "cache"
    sha256 = hashlib.sha256(whole).hexdigest()

    def share_gone(self: ImageFile.ImageFile) -> Any:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(ImageFile.ImageFile, "load", share_gone)
    stamp = validate_module.file_stamp(source)
    with pytest.raises(ImageError, match="cannot be read: Input/output error"):
        thumbnail(source, cache, 64, sha256=sha256, damaged=True, damaged_as=stamp)
    assert not list(cache.glob("*.damaged"))


def test_a_damaged_mark_in_use_is_kept_by_the_clean_up(tmp_path: Path) -> None:
    """A trusted mark was never touched as it was used: the clean-up took it after a month,
    and the damaged file was read again at every start. Used, it is marked used."""
    source, cache, sha256, _whole = damaged_since(tmp_path)
    mark_damaged(source, cache, sha256, validate_module.file_stamp(source))
    (mark,) = cache.glob("*.damaged")
    long_ago = time.time() - 20 * DAY
    os.utime(mark, (long_ago, long_ago))
    with pytest.raises(ImageError, match="truncated or damaged"):
        thumbnail(source, cache, 64, sha256=sha256)
    prune_cache(cache, now=time.time() + 15 * DAY)  # 35 days after it was last written
    assert mark.is_file()


def test_thumbnail_errors(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="is not an image"):
        thumbnail(write(tmp_path / "notes.png", b"hello"), tmp_path / "cache")
    with pytest.raises(ImageError, match="does not exist"):
        thumbnail(tmp_path / "gone.png", tmp_path / "cache")
    source = write(tmp_path / "ok.png", image_bytes(noise("RGB", (10, 10)), "PNG"))
    blocked = write(tmp_path / "not-a-folder", b"")
    with pytest.raises(StorageError, match="Cannot write thumbnails"):
        thumbnail(source, blocked)


# --------------------------------------------------------------------------- decode_rgba


def test_decode_rgba_full_size(tmp_path: Path) -> None:
    image = Image.new("RGB", (3, 2), (10, 20, 30))
    image.putpixel((2, 1), (200, 100, 50))
    decoded = decode_rgba(write(tmp_path / "a.png", image_bytes(image, "PNG")))
    assert (decoded.width, decoded.height) == (3, 2)
    assert len(decoded.data) == 3 * 2 * 4
    assert decoded.data[:4] == bytes((10, 20, 30, 255))
    assert decoded.data[-4:] == bytes((200, 100, 50, 255))


def test_decode_rgba_scales_and_keeps_alpha(tmp_path: Path) -> None:
    image = Image.new("RGBA", (400, 200), (0, 0, 255, 128))
    decoded = decode_rgba(write(tmp_path / "a.png", image_bytes(image, "PNG")), max_side=100)
    assert (decoded.width, decoded.height) == (100, 50)
    assert len(decoded.data) == 100 * 50 * 4
    assert decoded.data[:4] == bytes((0, 0, 255, 128))


def test_decode_rgba_premultiplied_packs_for_the_painter(tmp_path: Path) -> None:
    """Premultiplied while packed, in the painter's byte order: the UI wraps the bytes
    without a copy or a conversion."""
    image = Image.new("RGBA", (2, 1), (200, 100, 50, 128))
    image.putpixel((1, 0), (10, 20, 30, 255))
    decoded = decode_rgba(write(tmp_path / "a.png", image_bytes(image, "PNG")), premultiplied=True)
    assert decoded.layout == PREMULTIPLIED
    half = [round(c * 128 / 255) for c in (200, 100, 50)]
    if PREMULTIPLIED == "BGRa":
        assert decoded.data == bytes((*reversed(half), 128, 30, 20, 10, 255))
    else:
        assert decoded.data == bytes((*half, 128, 10, 20, 30, 255))


def test_decode_rgba_names_the_files_own_upright_size_when_it_scales(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = image_bytes(noise("RGB", (800, 400)), "JPEG", exif=exif)
    decoded = decode_rgba(write(tmp_path / "phone.jpg", data), max_side=100)
    assert (decoded.width, decoded.height) == (50, 100)
    assert decoded.source_size == (400, 800)


def test_decode_rgba_scales_16_bit_greyscale_instead_of_clipping(tmp_path: Path) -> None:
    image = Image.new("I;16", (4, 4), 32768)
    decoded = decode_rgba(write(tmp_path / "deep.png", image_bytes(image, "PNG")))
    assert decoded.data[:4] == bytes((128, 128, 128, 255))


def test_decode_rgba_passes_the_colour_profile_on(tmp_path: Path) -> None:
    profile = b"\x00" * 128  # opaque to us: only carried through
    data = image_bytes(noise("RGB", (8, 8)), "PNG", icc_profile=profile)
    assert decode_rgba(write(tmp_path / "a.png", data)).icc_profile == profile


class StopAfter(threading.Event):
    """A stop set by another thread once the decode has read the file ``reads`` times."""

    def __init__(self, reads: int) -> None:
        super().__init__()
        self.reads_left = reads

    def is_set(self) -> bool:
        self.reads_left -= 1
        return self.reads_left < 0 or super().is_set()


def test_decode_rgba_stops_reading_once_the_pixels_are_no_longer_wanted(tmp_path: Path) -> None:
    """The preview's decode of a big file's own pixels for a picture no longer shown read
    and decoded the whole file anyway: a second and some 270 MB for a 50 MP photo. Once its
    stop is set, it ends at its next read of the file, the rest of the file unread."""
    path = write(tmp_path / "big.png", image_bytes(noise("RGB", (1024, 1024)), "PNG"))
    stop = StopAfter(reads=50)  # of some 150, in 64 KiB blocks
    with pytest.raises(DecodeStopped):
        decode_rgba(path, stop=stop)
    assert stop.reads_left == -1, "no read after the stop"
    assert decode_rgba(path, stop=threading.Event()).width == 1024


# ------------------------------------------------------------------------------ metadata


@pytest.fixture
def png_data() -> bytes:
    return image_bytes(noise("RGBA", (48, 32)), "PNG")


@pytest.fixture
def jpeg_data() -> bytes:
    exif = Image.Exif()
    exif[0x0131] = "Some Camera Software"
    return image_bytes(noise("RGB", (48, 32)), "JPEG", exif=exif, quality=90)


def test_png_round_trip_with_a_chinese_prompt(tmp_path: Path, png_data: bytes) -> None:
    record = provenance()
    embedded = embed_provenance(png_data, record)
    assert read_provenance(write(tmp_path / "out.png", embedded)) == record


def test_png_pixels_and_original_chunks_are_unchanged(png_data: bytes) -> None:
    embedded = embed_provenance(png_data, provenance())
    assert pixels(embedded) == pixels(png_data)
    before, after = png_chunks(png_data), png_chunks(embedded)  # CRCs checked in png_chunks
    added = [c for c in after if c not in before]
    assert [c for c in after if c not in added] == before
    assert [ctype for ctype, _ in added] == [b"iTXt"] * 3
    types = [ctype for ctype, _ in after]
    assert types.index(b"iTXt") < types.index(b"IDAT")


def test_png_text_is_readable_by_other_tools(png_data: bytes) -> None:
    with Image.open(io.BytesIO(embed_provenance(png_data, provenance()))) as image:
        info = image.info
    assert info["parameters"].startswith(CHINESE_PROMPT + "\nModel: flux-kontext-pro")
    assert "Task id: task_8f2c" in info["parameters"]
    assert json.loads(info["kontext_studio"])["prompt"] == CHINESE_PROMPT
    root = xmp_root(info["XML:com.adobe.xmp"])
    assert source_types(root) == [GENERATED]
    assert description(root) == CHINESE_PROMPT
    tool = root.find(".//rdf:Description", NS).attrib[f"{{{NS['xmp']}}}CreatorTool"]  # type: ignore[union-attr]
    assert tool == f"Kontext Studio {__version__}"


def test_jpeg_round_trip_with_a_chinese_prompt(tmp_path: Path, jpeg_data: bytes) -> None:
    record = provenance(output_format="jpeg", is_edit=True, ratio="")
    embedded = embed_provenance(jpeg_data, record)
    assert read_provenance(write(tmp_path / "out.jpg", embedded)) == record


def test_jpeg_is_not_re_encoded(jpeg_data: bytes) -> None:
    embedded = embed_provenance(jpeg_data, provenance())
    assert pixels(embedded) == pixels(jpeg_data)
    scan = jpeg_data.index(b"\xff\xda")
    assert embedded.endswith(jpeg_data[scan:])  # entropy-coded data copied byte for byte
    markers = [m for m, _ in jpeg_markers(embedded)]
    assert markers[:2] == [0xE0, 0xE1]  # JFIF first, then Exif, as their specs require
    assert jpeg_markers(embedded)[1][1].startswith(b"Exif\x00")
    with Image.open(io.BytesIO(embedded)) as image:
        assert image.getexif()[0x0131] == "Some Camera Software"
        root = xmp_root(image.info["xmp"])
    assert source_types(root) == [GENERATED]
    assert description(root) == CHINESE_PROMPT


@pytest.mark.parametrize("fixture", ["png_data", "jpeg_data"])
def test_digital_source_type_for_generate_and_edit(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    data: bytes = request.getfixturevalue(fixture)
    for is_edit, expected in ((False, GENERATED), (True, EDITED)):
        with Image.open(io.BytesIO(embed_provenance(data, provenance(is_edit=is_edit)))) as im:
            xmp = im.info.get("XML:com.adobe.xmp") or im.info["xmp"]
        assert source_types(xmp_root(xmp)) == [expected]
    assert EDITED.endswith("/compositeWithTrainedAlgorithmicMedia")
    assert GENERATED == "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


@pytest.mark.parametrize("fixture", ["png_data", "jpeg_data"])
def test_embedding_again_replaces_the_earlier_provenance(
    fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    data: bytes = request.getfixturevalue(fixture)
    second = provenance(prompt="a second prompt", is_edit=True)
    twice = embed_provenance(embed_provenance(data, provenance()), second)
    assert twice == embed_provenance(data, second)
    assert read_provenance(write(tmp_path / "twice", twice)) == second


def test_xml_special_characters_are_escaped(tmp_path: Path, png_data: bytes) -> None:
    prompt = "a <b>&amp; \"quoted\" 'single' ]]> bell\x07 end"
    embedded = embed_provenance(png_data, provenance(prompt=prompt, task_id='t"<&'))
    with Image.open(io.BytesIO(embedded)) as image:
        root = xmp_root(image.info["XML:com.adobe.xmp"])
    assert description(root) == prompt.replace("\x07", "")  # XML 1.0 cannot carry it
    assert read_provenance(write(tmp_path / "a.png", embedded)).prompt == prompt  # type: ignore[union-attr]


@pytest.mark.parametrize("compressed", [False, True])
def test_foreign_xmp_is_kept_and_merged(tmp_path: Path, compressed: bool) -> None:
    foreign = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="'
        + NS["rdf"]
        + '"><rdf:Description rdf:about="" xmlns:dc="'
        + NS["dc"]
        + '"><dc:creator><rdf:Seq><rdf:li>Mei</rdf:li></rdf:Seq></dc:creator>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", foreign, zip=compressed)
    data = image_bytes(noise("RGB", (16, 16)), "PNG", pnginfo=info)
    embedded = embed_provenance(data, provenance())
    xmp_chunks = [b for t, b in png_chunks(embedded) if b.startswith(b"XML:com.adobe.xmp\x00")]
    assert len(xmp_chunks) == 1
    with Image.open(io.BytesIO(embedded)) as image:
        root = xmp_root(image.info["XML:com.adobe.xmp"])
    assert root.find(".//dc:creator/rdf:Seq/rdf:li", NS).text == "Mei"  # type: ignore[union-attr]
    assert source_types(root) == [GENERATED]
    assert read_provenance(write(tmp_path / "a.png", embedded)) == provenance()


def test_foreign_digital_source_type_is_not_duplicated() -> None:
    foreign = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="'
        + NS["rdf"]
        + '"><rdf:Description rdf:about="" xmlns:Iptc4xmpExt="'
        + NS["Iptc4xmpExt"]
        + f'" Iptc4xmpExt:DigitalSourceType="{EDITED}"/></rdf:RDF></x:xmpmeta>'
    )
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", foreign)
    data = image_bytes(noise("RGB", (16, 16)), "PNG", pnginfo=info)
    with Image.open(io.BytesIO(embed_provenance(data, provenance(is_edit=False)))) as image:
        assert source_types(xmp_root(image.info["XML:com.adobe.xmp"])) == [EDITED]


def test_a_compressed_text_bomb_is_not_inflated(tmp_path: Path) -> None:
    bomb = zlib.compress(b"\x00" * (64 * MiB), 9)
    body = b"kontext_studio\x00\x01\x00\x00\x00" + bomb
    data = image_bytes(noise("RGB", (8, 8)), "PNG")
    path = write(tmp_path / "bomb.png", data[:33] + png_chunk(b"iTXt", body) + data[33:])
    assert read_provenance(path) is None
    xmp_bomb = png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + bomb)
    embedded = embed_provenance(data[:33] + xmp_bomb + data[33:], provenance())
    assert read_provenance(write(tmp_path / "ok.png", embedded)) == provenance()


def test_no_secret_or_extra_field_is_written(png_data: bytes) -> None:
    embedded = embed_provenance(png_data, provenance())
    with Image.open(io.BytesIO(embedded)) as image:
        stored = json.loads(image.info["kontext_studio"])
    assert set(stored) == {
        "schema",
        "prompt",
        "model",
        "ratio",
        "task_id",
        "app_version",
        "is_edit",
        "output_format",
    }


def test_files_without_provenance_read_as_none_and_are_not_changed(
    tmp_path: Path, png_data: bytes, jpeg_data: bytes
) -> None:
    files = [
        write(tmp_path / "plain.png", png_data),
        write(tmp_path / "plain.jpg", jpeg_data),
        write(tmp_path / "a.webp", image_bytes(noise("RGB", (8, 8)), "WEBP")),
        write(tmp_path / "notes.txt", b"not an image"),
        write(tmp_path / "cut.png", png_data[:40]),
        write(tmp_path / "cut.jpg", jpeg_data[:30]),
        write(tmp_path / "with.png", embed_provenance(png_data, provenance())),
    ]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    assert [read_provenance(p) is None for p in files] == [True] * 6 + [False]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    with pytest.raises(ImageError, match="does not exist"):
        read_provenance(tmp_path / "gone.png")


def test_embedding_refuses_other_formats_and_damaged_files(png_data: bytes) -> None:
    with pytest.raises(ImageError, match="PNG and JPEG files only"):
        embed_provenance(image_bytes(noise("RGB", (8, 8)), "WEBP"), provenance())
    with pytest.raises(ImageError, match="PNG file is damaged"):
        embed_provenance(png_data[:40], provenance())
    with pytest.raises(ImageError, match="JPEG file is damaged"):
        embed_provenance(b"\xff\xd8\xff\xe0\x00\x10JF", provenance())


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"schema": 2, "prompt": "x", "is_edit": false}',
        '{"schema": 1, "prompt": "x", "is_edit": "no"}',
        '{"schema": 1, "prompt": 5, "is_edit": false}',
        '{"schema": 1, "prompt": "", "is_edit": false}',
        "[" * 100_000 + "]" * 100_000,  # nesting too deep for the parser
    ],
    ids=lambda text: text[:40],
)
def test_unexpected_json_is_not_provenance(text: str) -> None:
    assert Provenance.from_json(text) is None


def test_a_prompt_longer_than_any_the_app_sends_is_not_provenance(
    tmp_path: Path, png_data: bytes
) -> None:
    """A few kilobytes of PNG (a compressed text chunk) can carry megabytes of "prompt":
    offered back, Restore settings put it in the prompt box, and the window stood still
    for seconds at the click and at every key pressed after it. No image the app made has
    a prompt longer than the app sends."""
    longest = provenance(prompt="a fox " * (MAX_PROMPT_CHARS // 6) + "x" * (MAX_PROMPT_CHARS % 6))
    assert len(longest.prompt) == MAX_PROMPT_CHARS
    assert read_provenance(write(tmp_path / "made.png", embed_provenance(png_data, longest)))
    crafted = PngImagePlugin.PngInfo()
    record = provenance(prompt="a fox " * 1_000_000)
    crafted.add_text(JSON_KEYWORD, record.to_json(), zip=True)
    path = tmp_path / "crafted.png"
    Image.new("RGB", (8, 8)).save(path, pnginfo=crafted)
    assert path.stat().st_size < 100_000
    assert read_provenance(path) is None
    long_model = json.loads(longest.to_json()) | {"model": "x" * 1_000_000}
    assert Provenance.from_json(json.dumps(long_model)) is None  # shown in the offer


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prompt=st.text(min_size=1, max_size=200), is_edit=st.booleans())
def test_any_prompt_round_trips(
    prompt: str, is_edit: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    record = provenance(prompt=prompt, is_edit=is_edit)
    folder = tmp_path_factory.mktemp("prov")
    tiny_png = image_bytes(Image.new("L", (2, 2)), "PNG")
    tiny_jpeg = image_bytes(Image.new("L", (8, 8)), "JPEG")
    assert read_provenance(write(folder / "a.png", embed_provenance(tiny_png, record))) == record
    assert read_provenance(write(folder / "a.jpg", embed_provenance(tiny_jpeg, record))) == record


# Save as --------------------------------------------------------------------------------------


def test_save_as_copies_byte_for_byte_with_the_modes_files_get(tmp_path: Path) -> None:
    source = tmp_path / "library" / "a.png"
    source.parent.mkdir()
    source.write_bytes(b"\x89PNG pretend image bytes")
    fresh = tmp_path / "new.png"
    export_copy(source, fresh)
    assert fresh.read_bytes() == source.read_bytes()
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask  # as any file the artist saves
    private = tmp_path / "private.png"
    private.write_bytes(b"an older file the artist agreed to replace")
    private.chmod(0o600)
    link = tmp_path / "link.png"
    link.symlink_to(private)
    export_copy(source, link)
    assert link.is_symlink() and private.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(private.stat().st_mode) == 0o600  # a replaced file keeps its mode
    export_copy(source, source)  # onto itself: nothing lost
    assert source.read_bytes() == b"\x89PNG pretend image bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "library",
        "link.png",
        "new.png",
        "private.png",
    ]


def test_save_as_of_a_name_as_long_as_suggested_saves_it_and_leaves_no_copy_behind(
    tmp_path: Path,
) -> None:
    """Save as in a name of 247 bytes (a title of emoji and letters cut as Save as suggests
    it, with room for a number) was "File name too long", though a disk takes 255: the copy
    was first written under that name and 10 bytes more, hidden. A hidden copy a killed
    Save left there long ago goes."""
    source = tmp_path / "a.png"
    source.write_bytes(b"\x89PNG pretend image bytes")
    out = tmp_path / "out"
    out.mkdir()
    left = out / ".kontext-k2x9_abc.part"
    left.write_bytes(b"\x89PNG half")
    old = time.time() - 3600
    os.utime(left, (old, old))
    name = "\N{FOX FACE}" * 60 + " ok.png"
    assert len(name.encode()) == 247
    export_copy(source, out / name)
    assert _names_in(out) == [name]
    assert (out / name).read_bytes() == source.read_bytes()


def test_save_as_problems_name_the_file_and_leave_nothing(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    with pytest.raises(ImageError, match=r"a\.png does not exist"):
        export_copy(source, tmp_path / "out.png")
    source.write_bytes(b"\x89PNG")
    with pytest.raises(FolderError, match=r"cannot save .*out\.png: No such file or directory"):
        export_copy(source, tmp_path / "no-such-folder" / "out.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]


@pytest.mark.parametrize(
    ("case", "words", "raised_as"),
    [
        ("below a file", "part of its path is a file, not a folder", FolderError),
        (errno.EACCES, "you do not have permission to write there", FolderError),
        (errno.EROFS, "the disk it is on is read-only", FolderError),
        (errno.ENOSPC, "the disk is full", StorageError),
    ],
)
def test_save_as_into_a_folder_that_cannot_take_it_says_why_in_words(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str | int,
    words: str,
    raised_as: type[StorageError],
) -> None:
    """Save as said the system's "Not a directory" or "Permission denied"; it now says what is
    wrong as the app does for any folder. Root ignores rights, so those are simulated."""
    source = tmp_path / "a.png"
    source.write_bytes(b"\x89PNG")
    target = tmp_path / "out" / "copy.png"
    if isinstance(case, int):
        target.parent.mkdir()

        def refused(*_args: Any, **_kwargs: Any) -> None:
            raise OSError(case, os.strerror(case))

        monkeypatch.setattr(export_module.tempfile, "mkstemp", refused)
    else:
        target = source / "copy.png"
    with pytest.raises(raised_as) as raised:
        export_copy(source, target)
    shown = explain(raised.value).message
    assert words in shown and str(target.parent) in shown
    assert os.strerror(errno.ENOTDIR if isinstance(case, str) else case) not in shown


def test_save_as_onto_a_folder_of_that_name_says_so(tmp_path: Path) -> None:
    """The system said "Is a directory" (review finding)."""
    source = tmp_path / "a.png"
    source.write_bytes(b"\x89PNG")
    target = tmp_path / "copy.png"
    target.mkdir()
    with pytest.raises(FolderError) as raised:
        export_copy(source, target)
    shown = explain(raised.value).message
    assert "a folder has that name" in shown and str(target) in shown
    assert os.strerror(errno.EISDIR) not in shown
    assert target.is_dir() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_save_as_over_a_file_another_program_holds_says_so_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows replaces no file another program has open (an image viewer showing the last
    copy saved there) nor one set read-only: the rename is refused with "Access is denied",
    and Save as said the folder, which took the copy, could not be written for want of a
    permission. It names the file now, and what to do; the file is left as it was."""
    source = tmp_path / "a.png"
    source.write_bytes(b"\x89PNG new")
    target = tmp_path / "shown elsewhere.png"
    target.write_bytes(b"\x89PNG open in a viewer")
    real_replace = os.replace

    def as_windows(temp: str, into: Path) -> None:
        if Path(into) == target:
            raise PermissionError(errno.EACCES, "Access is denied")
        real_replace(temp, into)

    monkeypatch.setattr(export_module.os, "replace", as_windows)
    with pytest.raises(StorageError) as raised:
        export_copy(source, target)
    shown = explain(raised.value)
    assert str(target) in shown.message and "another program holds it" in shown.message
    assert "close the program that has it open" in shown.hint
    assert "permission" not in shown.message
    assert target.read_bytes() == b"\x89PNG open in a viewer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "shown elsewhere.png"]


# Save of several into a folder -------------------------------------------------------------


def _library_files(tmp_path: Path, **images: bytes) -> dict[str, Path]:
    """Files standing for library images, by name; the folder to save into, made empty."""
    library = tmp_path / "library"
    library.mkdir()
    (tmp_path / "out").mkdir()
    made = {}
    for name, data in images.items():
        made[name] = library / f"{name}.png"
        made[name].write_bytes(data)
    return made


def _names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


async def test_saving_several_into_a_folder_numbers_names_taken_and_replaces_nothing(
    tmp_path: Path,
) -> None:
    """Two artworks titled alike and a file of that name already there: each is saved in a
    name of its own, as a file manager numbers a copy, and the file there is left as it
    was."""
    files = _library_files(tmp_path, a=b"\x89PNG fox one", b=b"\x89PNG fox two", c=b"\x89PNG owl")
    out = tmp_path / "out"
    (out / "fox.png").write_bytes(b"the artist's own fox")
    told: list[int] = []
    exported = await export_all(
        [
            (files["a"], "fox.png", None),
            (files["b"], "fox.png", None),
            (files["c"], "Owl.png", None),
        ],
        out,
        done=told.append,
    )
    assert exported.saved == [out / "fox (2).png", out / "fox (3).png", out / "Owl.png"]
    # The first fox for the file there; the second as the second of its name, as it would be.
    assert exported.numbered == [out / "fox (2).png"]
    assert (out / "fox.png").read_bytes() == b"the artist's own fox"
    assert (out / "fox (2).png").read_bytes() == b"\x89PNG fox one"
    assert (out / "fox (3).png").read_bytes() == b"\x89PNG fox two"
    assert (out / "Owl.png").read_bytes() == b"\x89PNG owl"
    assert _names_in(out) == ["Owl.png", "fox (2).png", "fox (3).png", "fox.png"]  # no temp
    assert told == [1, 2, 3]
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE((out / "Owl.png").stat().st_mode) == 0o666 & ~mask
    assert not (exported.missing or exported.unreadable or exported.failed or exported.stopped)


async def test_saving_several_where_the_disk_makes_no_links_still_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FAT or exFAT memory card refuses hard links ("Operation not permitted"): the copies
    are renamed into place instead, still each in a name of its own."""
    files = _library_files(tmp_path, a=b"\x89PNG one", b=b"\x89PNG two")
    out = tmp_path / "out"
    (out / "fox.png").write_bytes(b"there before")

    def no_links(*_args: Any) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(export_module.os, "link", no_links)
    exported = await export_all([(files["a"], "fox.png", None), (files["b"], "fox.png", None)], out)
    assert exported.saved == [out / "fox (2).png", out / "fox (3).png"]
    assert (out / "fox.png").read_bytes() == b"there before"
    assert (out / "fox (3).png").read_bytes() == b"\x89PNG two"
    assert _names_in(out) == ["fox (2).png", "fox (3).png", "fox.png"]


async def test_saving_a_long_series_of_one_title_tries_each_name_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A series made from one prompt shares its title: each copy tried every name the copies
    before it had taken ("fox.png", "fox (2).png"... a try each), so a Save of 2 000 took 23 s
    on a local disk instead of one (minutes on a network share, a try being a round trip
    there). Each copy now starts after the last name its title took."""
    files = _library_files(tmp_path, a=b"\x89PNG fox")
    out = tmp_path / "out"
    (out / "fox.png").write_bytes(b"there before")
    tried: list[str] = []
    real_link = os.link

    def counted(source: str, target: Path) -> None:
        tried.append(Path(target).name)
        real_link(source, target)

    monkeypatch.setattr(export_module.os, "link", counted)
    exported = await export_all([(files["a"], "fox.png", None)] * 50, out)
    assert exported.saved == [out / f"fox ({n}).png" for n in range(2, 52)]
    assert (out / "fox.png").read_bytes() == b"there before"
    assert len(tried) == 51  # the name taken before tried once, each of the rest once


async def test_saving_several_removes_the_hidden_copies_a_killed_save_left(
    tmp_path: Path,
) -> None:
    """Killed (kill -9, a crash) while a Save of many wrote a copy, the app left a hidden
    ``.kontext-….part`` in the artist's folder that nothing removed. The next Save into that
    folder removes such copies once they are old; one another window is writing now, and
    the artist's own files, stay."""
    files = _library_files(tmp_path, a=b"\x89PNG a")
    out = tmp_path / "out"
    old = time.time() - 3600
    left = out / ".kontext-k2x9_abc.part"
    left.write_bytes(b"\x89PNG half")
    os.utime(left, (old, old))
    writing = out / ".kontext-q7w3e5rt.part"
    writing.write_bytes(b"\x89PNG being written")
    own = out / ".kontext-notes-of-mine.part"
    own.write_bytes(b"the artist's")
    os.utime(own, (old, old))
    draft = out / ".kontext-Draft-01.part"  # as long as a temporary name, not one
    draft.write_bytes(b"the artist's too")
    os.utime(draft, (old, old))
    exported = await export_all([(files["a"], "a.png", None)], out)
    assert exported.saved == [out / "a.png"]
    assert _names_in(out) == [
        ".kontext-Draft-01.part",
        ".kontext-notes-of-mine.part",
        ".kontext-q7w3e5rt.part",
        "a.png",
    ]


async def test_saving_several_passes_over_an_image_whose_file_is_gone(tmp_path: Path) -> None:
    files = _library_files(tmp_path, a=b"\x89PNG a", b=b"\x89PNG b", c=b"\x89PNG c")
    files["b"].unlink()  # deleted outside the app
    out = tmp_path / "out"
    exported = await export_all(
        [(files["a"], "a.png", None), (files["b"], "b.png", None), (files["c"], "c.png", None)], out
    )
    assert exported.missing == [1] and exported.failed is None
    assert exported.saved == [out / "a.png", out / "c.png"]
    assert _names_in(out) == ["a.png", "c.png"]


@pytest.mark.parametrize(
    ("case", "words"),
    [
        (errno.EROFS, "the disk it is on is read-only"),
        (errno.EACCES, "you do not have permission to write there"),
    ],
)
async def test_saving_several_into_a_folder_that_takes_nothing_says_why_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: int, words: str
) -> None:
    """The first copy refused ends it, in the app's words for a folder, the folder named:
    every next one would be refused too. Root ignores rights, so the refusal is
    simulated; the folder is made read-only as well, for a run as another user."""
    files = _library_files(tmp_path, a=b"\x89PNG a", b=b"\x89PNG b")
    out = tmp_path / "out"
    out.chmod(0o555)
    asked: list[str] = []

    def refused(*_args: Any, **_kwargs: Any) -> None:
        asked.append("a copy")
        raise OSError(case, os.strerror(case))

    monkeypatch.setattr(export_module.tempfile, "mkstemp", refused)
    try:
        exported = await export_all([(files["a"], "a.png", None), (files["b"], "b.png", None)], out)
    finally:
        out.chmod(0o755)
    assert isinstance(exported.failed, FolderError) and exported.saved == []
    shown = explain(exported.failed).message
    assert words in shown and str(out) in shown and os.strerror(case) not in shown
    assert asked == ["a copy"] and _names_in(out) == []


async def test_saving_several_onto_a_full_disk_stops_and_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up during the second copy: the first stays, the second leaves nothing
    (neither its temporary file nor a part of it under its name), the third is not tried."""
    files = _library_files(tmp_path, a=b"\x89PNG a", b=b"\x89PNG b", c=b"\x89PNG c")
    out = tmp_path / "out"
    real_copy = shutil.copyfileobj
    copies: list[str] = []

    def filling(reader: Any, writer: Any, length: int = 0) -> None:
        copies.append(Path(reader.name).name)
        if len(copies) == 2:
            writer.write(b"\x89PN")  # part of it written, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_copy(reader, writer, length)

    monkeypatch.setattr(export_module.shutil, "copyfileobj", filling)
    exported = await export_all(
        [(files["a"], "a.png", None), (files["b"], "b.png", None), (files["c"], "c.png", None)], out
    )
    assert isinstance(exported.failed, StorageError)
    assert "the disk is full" in explain(exported.failed).message
    assert explain(exported.failed).hint == "Free disk space or choose another folder."
    assert exported.saved == [out / "a.png"] and copies == ["a.png", "b.png"]
    assert _names_in(out) == ["a.png"]


async def test_saving_several_stopped_finishes_the_copy_under_way_and_no_more(
    tmp_path: Path,
) -> None:
    files = _library_files(tmp_path, a=b"\x89PNG a", b=b"\x89PNG b", c=b"\x89PNG c")
    out = tmp_path / "out"
    told: list[int] = []
    exported = await export_all(
        [(files["a"], "a.png", None), (files["b"], "b.png", None), (files["c"], "c.png", None)],
        out,
        done=told.append,
        stop=lambda: bool(told),  # the artist pressed Stop during the first
    )
    assert exported.stopped and exported.saved == [out / "a.png"]
    assert _names_in(out) == ["a.png"]


def test_reading_images_loads_only_the_plugins_of_formats_the_app_reads(tmp_path: Path) -> None:
    """Checking and thumbnailing a JPEG, PNG, WebP and GIF in a fresh process registers
    those plugins only. ``Image.init()`` imported all ~50 (EPS among them, which runs
    Ghostscript), holding the GIL in a worker thread while the window waited."""
    import subprocess
    import sys

    for fmt in ("PNG", "JPEG", "WEBP", "GIF"):
        Image.new("RGB", (64, 48), (200, 80, 20)).save(tmp_path / f"a.{fmt.lower()}", fmt)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kontext_studio.images import thumbnails, validate\n"
        "for path in sorted(Path(sys.argv[1]).glob('a.*')):\n"
        "    validate.inspect_image(path)\n"
        "    thumbnails.thumbnail(path, Path(sys.argv[1]) / 'cache')\n"
        "print(' '.join(sorted(m for m in sys.modules if m.endswith('ImagePlugin'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert {"PIL.PngImagePlugin", "PIL.JpegImagePlugin", "PIL.WebPImagePlugin"} <= loaded
    assert loaded <= {
        f"PIL.{name}ImagePlugin" for name in ("Bmp", "Gif", "Jpeg", "Ppm", "Png", "WebP")
    }
    assert len(list((tmp_path / "cache").iterdir())) == 4


@pytest.mark.parametrize(
    "strip, damaged",
    [
        (without_png_metadata, b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00"),
        (without_webp_metadata, b"RIFF\x40\x00\x00\x00WEBPVP8X\xff\x00\x00\x00"),
        (without_webp_metadata, b"RIFF\x04\x00\x00\x00WEBQ"),
    ],
)
def test_a_container_that_cannot_be_read_is_sent_as_it_is(strip, damaged: bytes) -> None:
    assert strip(damaged) == damaged


@pytest.mark.parametrize(
    "options", [{}, {"progressive": True}, {"restart_marker_blocks": 1}, {"quality": 100}]
)
def test_a_jpeg_sent_without_its_trailer_draws_the_same(options: dict[str, object]) -> None:
    picture = Image.effect_noise((96, 64), 90).convert("RGB")
    picture.paste((255, 255, 255), (0, 0, 40, 40))  # 0xFF bytes in the scan
    out = io.BytesIO()
    picture.save(out, "JPEG", **options)
    jpeg = out.getvalue()
    sent = without_jpeg_metadata(jpeg + b"trailing bytes \xff\xd9 of another file")
    assert sent == jpeg
    damaged = jpeg[:-2] + b"\xff\x00\x00"  # no EOI to be found: nothing is cut
    assert without_jpeg_metadata(damaged) == damaged


def test_a_png_without_its_iend_is_sent_without_its_exif(tmp_path: Path) -> None:
    """Such a PNG passes the check (decoders draw it); before, it was sent as it came, with
    the Exif (camera, GPS position) its chunk stream carried before the pixels."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    Image.effect_noise((40, 30), 60).convert("RGB").save(out, "PNG", exif=exif)
    whole = out.getvalue()
    path = tmp_path / "cut.png"
    path.write_bytes(whole[: -len(b"\x00\x00\x00\x00IEND\xaeB`\x82")])
    inspect_image(path)  # accepted

    sent = without_png_metadata(path.read_bytes())
    assert b"PhoneMaker" not in sent
    assert sent.endswith(b"\x00\x00\x00\x00IEND\xaeB`\x82")
    with Image.open(io.BytesIO(sent)) as image, Image.open(io.BytesIO(whole)) as original:
        assert image.tobytes() == original.tobytes()


def small_gif(**options: Any) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((20, 12), 60).convert("P").save(out, "GIF", **options)
    return out.getvalue()


def test_a_gif_sent_keeps_its_colour_profile_and_loses_what_follows_it() -> None:
    gif = small_gif()
    profile = b"!\xff\x0bICCRGBG1012\x04sRGB\x00"  # how a GIF carries one
    with_profile = gif[:-1] + profile + gif[-1:]
    sent = without_gif_metadata(with_profile + b"GPS 52,31N appended by a tool")
    assert sent == with_profile


def test_a_gif_cut_short_is_sent_as_far_as_it_is_drawn() -> None:
    gif = small_gif(comment=b"Lisbon, at home")
    image = gif.index(b",\x00\x00\x00\x00")
    cut_in_image = gif[: image + 30]
    sent = without_gif_metadata(cut_in_image)
    assert b"Lisbon" not in sent and sent.endswith(cut_in_image[image:])
    comment = gif.index(b"!\xfe")
    cut_in_comment = gif[: comment + 6]
    assert without_gif_metadata(cut_in_comment) == gif[:comment] + b";"
    assert without_gif_metadata(b"GIF89a\x10\x00") == b"GIF89a\x10\x00"


def segment(marker: int, payload: bytes) -> bytes:
    """A JPEG marker segment: its length counts itself and the payload."""
    return bytes((0xFF, marker)) + (2 + len(payload)).to_bytes(2, "big") + payload


def test_a_jpeg_is_sent_without_its_content_credentials_and_camera_notes() -> None:
    out = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (32, 32), "teal").save(out, "JPEG", icc_profile=profile)
    jpeg = out.getvalue()
    credentials = segment(0xEB, b"JP\x00\x01c2pa Ada Lovelace")
    camera = segment(0xEC, b"Ducky\x00\x01\x00\x04\x00\x50")
    with_both = jpeg[:2] + credentials + camera + jpeg[2:]
    with Image.open(io.BytesIO(with_both)) as readable:
        assert readable.size == (32, 32)
    sent = without_jpeg_metadata(with_both)
    assert b"Ada Lovelace" not in sent and b"Ducky" not in sent
    with Image.open(io.BytesIO(sent)) as picture:
        assert picture.info["icc_profile"] == profile  # the colours are drawn the same


def gif_frames(data: bytes) -> list[bytes]:
    with Image.open(io.BytesIO(data)) as image:
        return [frame.convert("RGBA").tobytes() for frame in ImageSequence.Iterator(image)]


def test_a_gif_with_a_stray_byte_between_its_blocks_is_sent_with_all_its_frames(
    tmp_path: Path,
) -> None:
    """Some encoders write a zero byte between blocks; the check (and Pillow) pass over it.
    Before, the copy sent to KIE ended there: no frames at all, or only the first ones."""
    frames = [Image.effect_noise((20, 12), 40 + 30 * i).convert("P") for i in range(3)]
    out = io.BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], comment=b"Lisbon", duration=80
    )
    gif = out.getvalue()
    first = gif.index(b"!\xf9")  # the first frame's control block
    second = gif.index(b"!\xf9", first + 1)
    for stray in (first, second):
        path = write(tmp_path / "stray.gif", gif[:stray] + b"\x00" + gif[stray:])
        inspect_image(path, REFERENCE_LIMITS)  # accepted

        sent = without_gif_metadata(path.read_bytes())
        assert b"Lisbon" not in sent
        assert gif_frames(sent) == gif_frames(gif)
    appended = gif[:-1] + b"\x00GPS 52,31N appended by a tool"  # no trailer, then text
    assert without_gif_metadata(appended) == without_gif_metadata(gif)
