"""What leaves the computer carries no embedded preview of the picture: an editor often
leaves the one it was opened with (the photo before its crop, before a face or a name was
painted out) in the Exif thumbnail, Photoshop's image resources or the XMP. An imported
artwork's library copy, which a publish sends to the public bucket, loses it
(:func:`~kontext_studio.images.metadata.without_location`); the reference sent to KIE has
none (:mod:`~kontext_studio.images.outgoing`)."""

from __future__ import annotations

import base64
import io
import random
import struct
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from kontext_studio.images.metadata import without_location
from kontext_studio.images.outgoing import write_outgoing
from kontext_studio.images.validate import inspect_image

ORIENTATION, ARTIST = 0x0112, 0x013B
COMPRESSION, WIDTH, HEIGHT = 0x0103, 0x0100, 0x0101
STRIP_OFFSETS, STRIP_BYTE_COUNTS = 0x0111, 0x0117
JPEG_OFFSET, JPEG_LENGTH = 0x0201, 0x0202
SHORT, LONG, ASCII = 3, 4, 2


def the_original() -> bytes:
    """The thumbnail an editor left: a JPEG of the picture before it was cropped."""
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "crimson").save(out, "JPEG", quality=40)
    return out.getvalue()


STRIPS = random.Random(7).randbytes(24)
"""An uncompressed thumbnail's pixels (4 by 2, RGB), in two strips."""


def entry(endian: str, tag: int, kind: int, count: int, value: int) -> bytes:
    if kind == SHORT and count == 1:
        return struct.pack(endian + "HHIHH", tag, kind, count, value, 0)
    return struct.pack(endian + "HHII", tag, kind, count, value)


def ifd(endian: str, entries: list[bytes], following: int) -> bytes:
    return (
        struct.pack(endian + "H", len(entries))
        + b"".join(entries)
        + struct.pack(endian + "I", following)
    )


def exif_with_thumbnail(endian: str = "<", *, strips: bool = False, loop: bool = False) -> bytes:
    """An Exif block as an editor leaves it: the picture's IFD (orientation 6, the artist),
    then IFD1, the thumbnail's, with the original (a JPEG, or ``strips`` of RGB pixels).
    ``loop`` points IFD1's next IFD back at the picture's."""
    artist_at, ifd1_at = 38, 46
    picture = ifd(
        endian,
        [entry(endian, ORIENTATION, SHORT, 1, 6), entry(endian, ARTIST, ASCII, 8, artist_at)],
        ifd1_at,
    )
    head = (b"II*\x00" if endian == "<" else b"MM\x00*") + struct.pack(endian + "I", 8)
    if strips:
        arrays_at = ifd1_at + 2 + 5 * 12 + 4
        data_at = arrays_at + 16
        thumbnail = [
            entry(endian, WIDTH, SHORT, 1, 4),
            entry(endian, HEIGHT, SHORT, 1, 2),
            entry(endian, COMPRESSION, SHORT, 1, 1),
            entry(endian, STRIP_OFFSETS, LONG, 2, arrays_at),
            entry(endian, STRIP_BYTE_COUNTS, LONG, 2, arrays_at + 8),
        ]
        data = struct.pack(endian + "4I", data_at, data_at + 12, 12, 12) + STRIPS
    else:
        data_at = ifd1_at + 2 + 3 * 12 + 4
        data = the_original()
        thumbnail = [
            entry(endian, COMPRESSION, SHORT, 1, 6),
            entry(endian, JPEG_OFFSET, LONG, 1, data_at),
            entry(endian, JPEG_LENGTH, LONG, 1, len(data)),
        ]
    tiff = head + picture + b"Ann Lee\x00" + ifd(endian, thumbnail, 8 if loop else 0) + data
    assert tiff.index(b"Ann Lee") == artist_at
    return b"Exif\x00\x00" + tiff


def saved(fmt: str, exif: bytes) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((64, 48), 60).convert("RGB").save(out, fmt, exif=exif)
    return out.getvalue()


def exif_of(data: bytes) -> Image.Exif:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.getexif()


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


@pytest.mark.parametrize("endian", ["<", ">"])
@pytest.mark.parametrize("strips", [False, True], ids=["jpeg-thumbnail", "strip-thumbnail"])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_exif_thumbnail_of_the_original_is_taken_out_and_all_else_stays(
    fmt: str, strips: bool, endian: str
) -> None:
    preview = STRIPS if strips else the_original()
    photo = saved(fmt, exif_with_thumbnail(endian, strips=strips))
    assert preview in photo and exif_of(photo).get_ifd(ExifTags.IFD.IFD1) != {}

    unlocated = without_location(photo)

    assert unlocated is not None and not unlocated.location_removed
    assert preview not in unlocated.data
    kept = exif_of(unlocated.data)
    assert kept.get_ifd(ExifTags.IFD.IFD1) == {}
    assert dict(kept) == {ORIENTATION: 6, ARTIST: "Ann Lee"}
    assert pixels(unlocated.data) == pixels(photo)
    assert len(unlocated.data) == len(photo)  # nothing moved
    Image.open(io.BytesIO(unlocated.data)).verify()  # a PNG's eXIf CRC is right
    assert without_location(unlocated.data) is None  # taken out once and for all


def test_a_thumbnails_ifd_pointing_back_at_the_pictures_leaves_the_pictures_whole() -> None:
    photo = saved("JPEG", exif_with_thumbnail(loop=True))

    unlocated = without_location(photo)

    assert unlocated is not None and the_original() not in unlocated.data
    assert dict(exif_of(unlocated.data)) == {ORIENTATION: 6, ARTIST: "Ann Lee"}


@pytest.mark.parametrize(
    ("strips", "tag", "value"),
    [
        (False, JPEG_OFFSET, 0xFFFF_FFF0),
        (False, JPEG_LENGTH, 0xFFFF_FFFF),
        (True, STRIP_OFFSETS, 0x7FFF_FFFF),
    ],
    ids=["jpeg-offset", "jpeg-length", "strip-count"],
)
def test_a_thumbnail_said_to_lie_out_of_the_block_is_taken_out_without_an_error(
    strips: bool, tag: int, value: int
) -> None:
    """A crafted or damaged IFD1: a thumbnail after the end of the Exif block, longer than
    the block, or more strips than it holds. The IFD goes, the picture's stays."""
    exif = bytearray(exif_with_thumbnail(strips=strips))
    at = exif.index(struct.pack("<HH", tag, LONG))
    field = at + 4 if strips else at + 8  # the strips' count, or the JPEG's offset or length
    exif[field : field + 4] = struct.pack("<I", value)
    photo = saved("JPEG", bytes(exif))

    unlocated = without_location(photo)

    assert unlocated is not None
    assert exif_of(unlocated.data).get_ifd(ExifTags.IFD.IFD1) == {}
    assert dict(exif_of(unlocated.data)) == {ORIENTATION: 6, ARTIST: "Ann Lee"}
    if tag == JPEG_LENGTH:  # read as far as the block goes, as Pillow reads it
        assert the_original() not in unlocated.data


def test_a_crafted_thumbnail_of_many_overlapping_strips_is_blanked_in_one_pass() -> None:
    """Strips said to cover most of the block, over and over: written over one after
    another, a PNG's eXIf of a few MB held the import's worker thread for hours."""
    count = 400_000
    ifd1_at = 8 + 2 + 12 + 4
    arrays_at = ifd1_at + 2 + 2 * 12 + 4
    size = 8 * count
    tiff = b"II*\x00" + struct.pack("<I", 8)
    tiff += ifd("<", [entry("<", ORIENTATION, SHORT, 1, 6)], ifd1_at)
    tiff += ifd(
        "<",
        [
            entry("<", STRIP_OFFSETS, LONG, count, arrays_at),
            entry("<", STRIP_BYTE_COUNTS, LONG, count, arrays_at + 4 * count),
        ],
        0,
    )
    tiff += struct.pack(f"<{count}I", *[arrays_at] * count)
    tiff += struct.pack(f"<{count}I", *[size] * count)
    photo = saved("PNG", b"Exif\x00\x00" + tiff)
    started = time.perf_counter()

    unlocated = without_location(photo)

    assert time.perf_counter() - started < 5
    assert unlocated is not None and pixels(unlocated.data) == pixels(photo)
    assert dict(exif_of(unlocated.data)) == {ORIENTATION: 6}


@pytest.mark.parametrize("orientation", [1, 6], ids=["copied", "turned"])
def test_the_reference_sent_to_kie_carries_no_thumbnail(tmp_path: Path, orientation: int) -> None:
    """Copied as stored (upright) or encoded anew (turned upright), the copy sent has no
    Exif at all: this holds already, and stays."""
    upright = entry("<", ORIENTATION, SHORT, 1, 6), entry("<", ORIENTATION, SHORT, 1, orientation)
    reference = tmp_path / "photo.jpg"
    reference.write_bytes(saved("JPEG", exif_with_thumbnail().replace(*upright)))
    target = tmp_path / "sent.jpg"

    write_outgoing(inspect_image(reference), target)

    assert the_original() not in target.read_bytes()
    assert exif_of(target.read_bytes()).get_ifd(ExifTags.IFD.IFD1) == {}
    if orientation == 1:
        assert pixels(target.read_bytes()) == pixels(reference.read_bytes())


def resource(ident: int, data: bytes, name: bytes = b"") -> bytes:
    """One of Photoshop's image resources: signature, id, Pascal name and data, each even."""
    pascal = bytes((len(name),)) + name
    pascal += b"\x00" * (len(pascal) % 2)
    size = struct.pack(">I", len(data))
    return b"8BIM" + struct.pack(">H", ident) + pascal + size + data + b"\x00" * (len(data) % 2)


def photoshop_thumbnail() -> bytes:
    """Resource 0x040C's data: a 28-byte header (format 1: JFIF, size, bits) and the JPEG."""
    jpeg = the_original()
    return struct.pack(">6I2H", 1, 16, 12, 48, 576, len(jpeg), 24, 1) + jpeg


IPTC = b"\x1c\x02\x74\x00\x0b(c) Ann Lee"
"""IPTC's copyright notice, resource 0x0404: the credit, which stays."""
RESOLUTION = struct.pack(">IHHIHH", 300 << 16, 1, 1, 300 << 16, 1, 1)


def jpeg_from_photoshop(*, split: bool = False) -> bytes:
    """A JPEG as Photoshop saves it: its image resources in APP13 (the resolution, IPTC,
    the thumbnails 0x0409 and 0x040C of the picture as it was opened), over two segments
    with ``split`` (as a large set of resources is written), the cut in a thumbnail."""
    resources = (
        resource(0x03ED, RESOLUTION)
        + resource(0x0409, photoshop_thumbnail(), b"old")
        + resource(0x0404, IPTC)
        + resource(0x040C, photoshop_thumbnail())
    )
    header = b"Photoshop 3.0\x00"
    cut = len(resources) - len(the_original()) // 2 if split else len(resources)
    segments = [header + resources[:cut]] + ([header + resources[cut:]] if split else [])
    app13 = b"".join(
        b"\xff\xed" + struct.pack(">H", 2 + len(payload)) + payload for payload in segments
    )
    out = io.BytesIO()
    Image.effect_noise((64, 48), 60).convert("RGB").save(out, "JPEG")
    return out.getvalue()[:2] + app13 + out.getvalue()[2:]


@pytest.mark.parametrize("split", [False, True], ids=["one-segment", "two-segments"])
def test_photoshops_thumbnails_of_the_original_are_taken_out_and_all_else_stays(
    split: bool,
) -> None:
    preview = the_original()
    photo = jpeg_from_photoshop(split=split)
    with Image.open(io.BytesIO(photo)) as image:
        assert image.info["photoshop"][0x0409] == photoshop_thumbnail()

    unlocated = without_location(photo)

    assert unlocated is not None and not unlocated.location_removed
    for half in (preview[: len(preview) // 2], preview[len(preview) // 2 :]):
        assert half not in unlocated.data
    with Image.open(io.BytesIO(unlocated.data)) as image:
        resources = image.info["photoshop"]
        assert resources[0x0404] == IPTC and resources[0x03ED]["XResolution"] == 300
        assert set(resources[0x0409]) == {0}
    assert pixels(unlocated.data) == pixels(photo)
    assert len(unlocated.data) == len(photo)
    assert without_location(unlocated.data) is None


@pytest.mark.parametrize(
    "damaged",
    [
        b"8BIM\x04\x0c\x00\x00\xff\xff\xff\xff" + b"uncropped",  # data past the segment's end
        b"8BIM\x04\x0c\x00",  # cut short in its header
        b"8BIM\x04\x0c\xff",  # a name longer than the segment
        b"8BIM" * 10_000,  # not a resource after all
    ],
)
def test_damaged_image_resources_are_read_as_far_as_they_go_without_an_error(
    damaged: bytes,
) -> None:
    payload = b"Photoshop 3.0\x00" + resource(0x0404, IPTC) + damaged
    plain = saved("JPEG", b"")
    photo = plain[:2] + b"\xff\xed" + struct.pack(">H", 2 + len(payload)) + payload + plain[2:]

    unlocated = without_location(photo)

    if b"uncropped" in damaged:
        assert unlocated is not None and b"uncropped" not in unlocated.data
        assert len(unlocated.data) == len(photo)
    else:
        assert unlocated is None


def test_many_segments_of_no_image_resource_are_read_once() -> None:
    """Each segment holding what is no resource sends the walk on to the next one: looked
    for from the first segment each time, a crafted header of 60 000 of them (a JPEG of a
    few MB) held the import's worker thread for minutes."""
    payload = b"Photoshop 3.0\x00" + b"not a resource"
    segment = b"\xff\xed" + struct.pack(">H", 2 + len(payload)) + payload
    plain = saved("JPEG", b"")
    photo = plain[:2] + segment * 60_000 + plain[2:]
    started = time.perf_counter()

    assert without_location(photo) is None
    assert time.perf_counter() - started < 5


def base64_lines(data: bytes) -> str:
    """As Illustrator and Photoshop write a thumbnail in XMP: base64, its lines as &#xA;."""
    text = base64.b64encode(data).decode()
    return "&#xA;".join(text[at : at + 76] for at in range(0, len(text), 76))


THUMBNAIL_B64 = base64_lines(the_original())
XMP_WITH_THUMBNAILS = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpGImg="http://ns.adobe.com/xap/1.0/g/img/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmp:CreatorTool="Adobe Illustrator 28.0">
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) Ann Lee</rdf:li></rdf:Alt></dc:rights>
   <xmp:Thumbnails>
    <rdf:Alt>
     <rdf:li rdf:parseType="Resource">
      <xmpGImg:width>16</xmpGImg:width>
      <xmpGImg:height>12</xmpGImg:height>
      <xmpGImg:format>JPEG</xmpGImg:format>
      <xmpGImg:image>{THUMBNAIL_B64}</xmpGImg:image>
     </rdf:li>
    </rdf:Alt>
   </xmp:Thumbnails>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xapGImg="http://ns.adobe.com/xap/1.0/g/img/">
   <xapGImg:image>{THUMBNAIL_B64[::-1]}</xapGImg:image>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()
"""Illustrator's XMP of an artwork: its thumbnail (``xmp:Thumbnails``, each an
``xmpGImg:image``), and another ``xmpGImg:image`` under an older prefix; and its credit."""


def with_xmp(fmt: str, xmp: bytes) -> bytes:
    out = io.BytesIO()
    picture = Image.effect_noise((64, 48), 60).convert("RGB")
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode(), zip=True)
        picture.save(out, fmt, pnginfo=info)
    else:
        picture.save(out, fmt, xmp=xmp)
    return out.getvalue()


def xmp_in(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        xmp = image.info.get("xmp") or image.info["XML:com.adobe.xmp"]
    return xmp if isinstance(xmp, bytes) else xmp.encode()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_xmp_thumbnail_of_the_original_is_taken_out_and_all_else_stays(fmt: str) -> None:
    photo = with_xmp(fmt, XMP_WITH_THUMBNAILS)
    assert THUMBNAIL_B64[:76].encode() in xmp_in(photo)

    unlocated = without_location(photo)

    assert unlocated is not None and not unlocated.location_removed
    kept = xmp_in(unlocated.data)
    assert len(kept) == len(XMP_WITH_THUMBNAILS)  # edited in place, as XMP packets are
    assert THUMBNAIL_B64[:76].encode() not in kept
    assert THUMBNAIL_B64[::-1][:76].encode() not in kept
    tree = ET.fromstring(kept)
    names = {element.tag for element in tree.iter()}
    assert "{http://ns.adobe.com/xap/1.0/}Thumbnails" not in names
    assert "{http://ns.adobe.com/xap/1.0/g/img/}image" not in names
    text = ET.tostring(tree, encoding="unicode")
    assert "Adobe Illustrator 28.0" in text and "(c) Ann Lee" in text
    assert pixels(unlocated.data) == pixels(photo)
    Image.open(io.BytesIO(unlocated.data)).verify()  # a PNG's chunk lengths and CRCs
    assert without_location(unlocated.data) is None


def test_xmp_without_a_thumbnail_is_left_as_it_is() -> None:
    xmp = XMP_WITH_THUMBNAILS.replace(b"Thumbnails>", b"Thumbnailz>")
    xmp = xmp.replace(b"Img:image>", b"Img:images>")
    assert without_location(with_xmp("JPEG", xmp)) is None
