"""kontext_studio.images.outgoing: the copy of a reference image that is sent to KIE, scaled
down when the artist's file is over KIE's limits (20 MP, 20 MB)."""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageFile, PngImagePlugin

from kontext_studio.errors import ImageError, ImageMissingError, ImageTooLargeError, Refusal
from kontext_studio.explain import explain
from kontext_studio.images.outgoing import planned_size, sent_size, write_outgoing
from kontext_studio.images.validate import (
    REFERENCE_FILE_LIMITS,
    REFERENCE_LIMITS,
    Limits,
    check_sent_copy,
    inspect_image,
)
from kontext_studio.jobs import files

SMALL = Limits(max_bytes=400_000, max_pixels=60_000, formats=REFERENCE_LIMITS.formats)
"""KIE's limits in miniature, so the images of these tests are quick to make."""
SMALL_FILE = Limits(max_bytes=10_000_000, max_pixels=2_000_000, formats=SMALL.formats)


def _noise(size: tuple[int, int], mode: str = "RGB", seed: int = 3) -> Image.Image:
    width, height = size
    channels = len(mode)
    return Image.frombytes(mode, size, random.Random(seed).randbytes(width * height * channels))


def _copy(reference: Path, tmp_path: Path, limits: Limits = SMALL) -> tuple[Path, object]:
    info = inspect_image(reference, SMALL_FILE if limits is SMALL else REFERENCE_FILE_LIMITS)
    target = tmp_path / "sent.bin"
    scaled = write_outgoing(info, target, limits)
    check_sent_copy(reference.name, target, limits)
    return target, scaled


def test_the_size_sent_fits_kies_limits_and_keeps_the_aspect_ratio() -> None:
    width, height = sent_size(8000, 6000, 14_000_000) or (0, 0)
    assert width * height <= REFERENCE_LIMITS.max_pixels
    assert width * height > 0.99 * REFERENCE_LIMITS.max_pixels  # no more pixels lost than needed
    assert abs(width / height - 8000 / 6000) < 0.001
    assert sent_size(6000, 3333, 15_000_000) is None  # 19.99 MP and 15 MB: sent as it is
    # 12 MP but 30 MB (a PNG, say): fewer pixels, in the share its bytes are over.
    small = sent_size(4000, 3000, 30 * 1024 * 1024)
    assert small is not None and small[0] * small[1] < 12_000_000 * 20 / 30


def test_a_jpeg_over_the_pixel_limit_is_sent_as_a_smaller_jpeg_and_the_file_is_unchanged(
    tmp_path: Path,
) -> None:
    reference = tmp_path / "camera.jpg"
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # where it was taken
    _noise((400, 300)).save(reference, "JPEG", quality=90, exif=exif, comment=b"Lisbon")
    before = hashlib.sha256(reference.read_bytes()).hexdigest()

    sent, scaled = _copy(reference, tmp_path)

    assert hashlib.sha256(reference.read_bytes()).hexdigest() == before
    with Image.open(sent) as image:
        assert image.format == "JPEG"
        assert image.width * image.height <= SMALL.max_pixels
        assert image.size == scaled
        assert abs(image.width / image.height - 4 / 3) < 0.01
        assert not image.getexif() and "comment" not in image.info
    assert sent.stat().st_size <= SMALL.max_bytes


def test_a_turned_photo_over_the_limit_is_sent_upright_and_scaled(tmp_path: Path) -> None:
    reference = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: a portrait photo
    stored = Image.new("RGB", (400, 300), "red")
    stored.paste(Image.new("RGB", (40, 300), "blue"), (0, 0))  # the shown top edge is blue
    stored.save(reference, "JPEG", exif=exif, quality=95)

    sent, _ = _copy(reference, tmp_path)

    with Image.open(sent) as image:
        assert image.height > image.width  # upright: a portrait
        assert abs(image.height / image.width - 4 / 3) < 0.01
        assert 0x0112 not in image.getexif()
        red, _, blue = image.convert("RGB").getpixel((image.width // 2, 2))
        assert blue > 200 and red < 60


def test_a_png_over_the_limit_stays_a_png_with_its_transparency(tmp_path: Path) -> None:
    reference = tmp_path / "cutout.png"
    picture = Image.new("RGBA", (400, 300), (0, 0, 0, 0))  # clear all round
    picture.paste(Image.new("RGBA", (200, 150), (250, 120, 0, 255)), (100, 75))
    picture.save(reference)

    sent, _ = _copy(reference, tmp_path)

    with Image.open(sent) as image:
        assert image.format == "PNG" and image.mode == "RGBA"
        assert image.width * image.height <= SMALL.max_pixels
        assert image.getpixel((2, 2))[3] == 0  # still clear
        assert image.getpixel((image.width // 2, image.height // 2)) == (250, 120, 0, 255)


def test_a_png_copy_is_compressed_fast(tmp_path: Path) -> None:
    """A 48 MP screenshot's copy, scaled down, took 13 s to compress at Pillow's default
    level before the job could be sent; a faster level costs a few percent of bytes."""
    reference = tmp_path / "screenshot.png"
    _noise((400, 300)).save(reference)

    sent, _ = _copy(reference, tmp_path)

    assert _zlib_level(sent) == 1  # zlib's "fast" levels (2 to 5), not its default (6)


def _zlib_level(png: Path) -> int:
    """The FLEVEL bits of the zlib stream of ``png``'s first IDAT chunk."""
    data = png.read_bytes()
    start = data.index(b"IDAT") + 4
    return data[start + 1] >> 6


def test_a_png_over_the_byte_limit_only_is_scaled_until_it_fits(tmp_path: Path) -> None:
    reference = tmp_path / "noise.png"
    _noise((240, 240)).save(reference)  # 57 600 pixels (under 60 000), about 170 KB
    tight = Limits(max_bytes=60_000, max_pixels=SMALL.max_pixels, formats=SMALL.formats)
    assert reference.stat().st_size > tight.max_bytes

    sent, scaled = _copy(reference, tmp_path, tight)

    assert sent.stat().st_size <= tight.max_bytes
    with Image.open(sent) as image:
        assert image.format == "PNG" and image.size == scaled and image.width == image.height


@pytest.mark.parametrize(("quality", "size"), [(60, (400, 300)), (85, (300, 200))])
def test_a_copy_may_be_sent_smaller_than_planned_but_never_larger(
    tmp_path: Path, quality: int, size: tuple[int, int]
) -> None:
    """What the reference's caption can say before the job is made: a JPEG saved at a lower
    quality than the copy's (95) comes out over the byte limit at the planned size, and is
    scaled down further. So the caption says "at most" the planned size, which holds."""
    reference = tmp_path / "photo.jpg"
    _noise(size).save(reference, "JPEG", quality=quality)
    tight = Limits(max_bytes=40_000, max_pixels=SMALL.max_pixels, formats=SMALL.formats)
    info = inspect_image(reference, SMALL_FILE)
    planned = sent_size(info.width, info.height, info.file_size, tight)
    assert planned is not None

    sent, scaled = _copy(reference, tmp_path, tight)

    with Image.open(sent) as image:
        assert image.size == scaled != planned
        assert image.width <= planned[0] and image.height <= planned[1]


def _described(fmt: str, path: Path) -> Path:
    """A small picture (64×48, a few kilobytes) carrying 60 KB of what describes it: an
    editor's XMP (a WebP's, a JPEG's), or a workflow in a PNG's text chunk."""
    text = random.Random(5).randbytes(30_000).hex()  # incompressible
    picture = _noise((64, 48))
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("workflow", text)
        picture.save(path, fmt, pnginfo=info)
    else:
        picture.save(path, fmt, xmp=text.encode()[: 0xFFFF - 40], quality=95)
    return path


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_small_picture_over_the_byte_limit_only_by_its_metadata_is_sent_whole(
    tmp_path: Path, fmt: str
) -> None:
    """The byte limit was held to the whole file's bytes: a small picture carrying a large
    metadata chunk was scaled down and encoded anew, when the copy, which leaves what
    describes it out anyway, fitted at its own size. The caption (and `generate --image`)
    says what the copy will do."""
    reference = _described(fmt, tmp_path / f"art.{fmt.lower()}")
    tight = Limits(max_bytes=40_000, max_pixels=SMALL.max_pixels, formats=SMALL.formats)
    info = inspect_image(reference, SMALL_FILE)
    assert info.file_size > tight.max_bytes

    planned = planned_size(reference, info.format, info.width, info.height, info.file_size, tight)
    sent, scaled = _copy(reference, tmp_path, tight)

    assert planned is None and scaled is None
    assert sent.stat().st_size <= tight.max_bytes
    with Image.open(sent) as copy, Image.open(reference) as original:
        assert copy.size == (64, 48)
        assert copy.convert("RGB").tobytes() == original.convert("RGB").tobytes()


def test_a_copy_still_over_the_byte_limit_is_refused_in_words(tmp_path: Path) -> None:
    copy = tmp_path / "sent.png"
    _noise((240, 240)).save(copy)
    tight = Limits(max_bytes=60_000, max_pixels=SMALL.max_pixels, formats=SMALL.formats)
    with pytest.raises(ImageTooLargeError) as refused:
        check_sent_copy("noise.png", copy, tight)
    assert (
        "noise.png is still 0.2\u00a0MB once made ready for sending"
        in explain(refused.value).message
    )
    # The app made the copy: only fewer pixels in the original make it smaller.
    assert explain(refused.value).hint.startswith("Save it with fewer pixels")


def test_a_copy_at_the_byte_limit_is_sent_and_one_byte_over_it_is_not(tmp_path: Path) -> None:
    copy = tmp_path / "sent.png"
    _noise((64, 48)).save(copy)
    size = copy.stat().st_size
    check_sent_copy("noise.png", copy, Limits(size, SMALL.max_pixels, SMALL.formats))
    with pytest.raises(ImageTooLargeError):
        check_sent_copy("noise.png", copy, Limits(size - 1, SMALL.max_pixels, SMALL.formats))


def _header_only_png(width: int, height: int) -> bytes:
    def chunk(ctype: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(ctype + body))
        return struct.pack(">I", len(body)) + ctype + body + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PngImagePlugin._MAGIC
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_still_refused_before_it_is_decoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_header_only_png(30000, 30000))
    ceiling = round(min(REFERENCE_FILE_LIMITS.max_pixels, Image.MAX_IMAGE_PIXELS or 0) / 1e6, 1)
    words = rf"^bomb\.png is 30000×30000 \(900 MP\); the limit is {ceiling:g} MP$"
    with pytest.raises(ImageError, match=words):
        inspect_image(bomb, REFERENCE_FILE_LIMITS)


def test_a_phone_photo_over_kies_limits_is_now_accepted(tmp_path: Path) -> None:
    """48 MP (8000×6000), the size of many phones' photos: before, refused as over 20 MP."""
    reference = tmp_path / "phone.png"
    Image.new("L", (8000, 6000)).save(reference)
    info = inspect_image(reference, REFERENCE_FILE_LIMITS)
    assert (info.width, info.height) == (8000, 6000)
    with pytest.raises(ImageTooLargeError):
        inspect_image(reference, REFERENCE_LIMITS)


@pytest.mark.parametrize("orientation", [1, 6], ids=["copied", "turned"])
def test_a_reference_gone_after_its_check_is_said_gone_not_as_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, orientation: int
) -> None:
    reference = tmp_path / "fox.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    _noise((120, 90)).save(reference, "JPEG", exif=exif)
    checked = inspect_image

    def moved_away_after_the_check(path: Path, limits: Limits, name: str | None = None) -> object:
        info = checked(path, limits, name=name)
        path.unlink()
        return info

    monkeypatch.setattr(files, "inspect_image", moved_away_after_the_check)
    folder = tmp_path / "references"
    with pytest.raises(ImageMissingError, match=r"^fox\.jpg does not exist$"):
        files.keep_reference(folder, reference)
    assert not list(folder.iterdir())


def test_a_reference_swapped_for_a_huge_file_after_its_check_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reference that grows to 64 GB between its check and its copy (a sparse file: no
    disk used) is refused as changed, having read no more than the checked size: it was
    read whole into memory first."""
    reference = tmp_path / "fox.jpg"
    _noise((120, 90)).save(reference, "JPEG")
    checked = inspect_image

    def grown_after_the_check(path: Path, limits: Limits, name: str | None = None) -> object:
        info = checked(path, limits, name=name)
        with path.open("r+b") as handle:
            handle.truncate(64 << 30)
        return info

    monkeypatch.setattr(files, "inspect_image", grown_after_the_check)
    folder = tmp_path / "references"
    with pytest.raises(Refusal) as refused:
        files.keep_reference(folder, reference)
    assert explain(refused.value).message.startswith("fox.jpg changed while it was being made")
    assert not list(folder.iterdir())


@pytest.mark.parametrize("orientation", [1, 6], ids=["copied", "turned"])
def test_a_reference_saved_over_after_its_check_is_refused_and_nothing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, orientation: int
) -> None:
    """The artist saves the reference again (or another program is still writing it) while
    the job's copy is made: the copy is never of bytes other than those checked, which
    name it (a later edit of the first version would reuse it) and were decoded whole."""
    reference = tmp_path / "fox.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    _noise((120, 90)).save(reference, "JPEG", exif=exif)
    checked = inspect_image

    def saved_over_after_the_check(path: Path, limits: Limits, name: str | None = None) -> object:
        info = checked(path, limits, name=name)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # an editor halfway through its save
        return info

    monkeypatch.setattr(files, "inspect_image", saved_over_after_the_check)
    folder = tmp_path / "references"
    with pytest.raises(Refusal) as refused:
        files.keep_reference(folder, reference)
    assert explain(refused.value).message.startswith("fox.jpg changed while it was being made")
    assert not list(folder.iterdir())
