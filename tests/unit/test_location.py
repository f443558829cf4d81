"""kontext_studio.images.metadata.without_location: the GPS position taken out of an imported
photo's Exif, everything else in the file kept as stored."""

from __future__ import annotations

import hashlib
import io
import struct
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from PIL import Image, PngImagePlugin

from kontext_studio.images.metadata import without_location

PILLOW_WARNS_OF_DAMAGED_EXIF = pytest.mark.filterwarnings(
    "ignore:Corrupt EXIF data:UserWarning",
    "ignore:Possibly corrupt EXIF data:UserWarning",
    "ignore:Tag data larger than file:UserWarning",
    "ignore:Tag offset too large:UserWarning",
)
"""For a test whose input is a damaged Exif block: Pillow warns as it reads one (the app sends
Python's warnings to its log, entry.py); expected there, not a fault for the summary."""

ORIENTATION, COPYRIGHT, ARTIST, GPS_IFD = 0x0112, 0x8298, 0x013B, 0x8825
HOME = "52 Harbour Street, flat 3"
"""A GPS field stored out of the IFD (GPSAreaInformation): it must not stay in the bytes."""


def phone_photo(fmt: str, *, gps: bool = True, **params: object) -> bytes:
    """A portrait photo stored as landscape pixels (orientation 6), with the artist's
    copyright and, with ``gps``, where it was taken."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[COPYRIGHT] = "(c) Ann Lee, all rights reserved"
    exif[ARTIST] = "Ann Lee"
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 1.0), 28: HOME}
    out = io.BytesIO()
    picture = Image.effect_noise((64, 48), 60).convert("RGB")
    picture.save(out, fmt, exif=exif, **params)
    return out.getvalue()


def exif_of(data: bytes, frame: int = 0) -> Image.Exif:
    image = Image.open(io.BytesIO(data))
    image.seek(frame)
    image.load()
    return image.getexif()


def pixels(data: bytes, frame: int = 0) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.seek(frame)
    return image.convert("RGB").tobytes()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_photos_location_is_taken_out_and_all_else_stays(fmt: str) -> None:
    photo = phone_photo(fmt)
    assert exif_of(photo).get_ifd(GPS_IFD)[2] == (52.0, 31.0, 12.5)

    unlocated = without_location(photo)

    assert unlocated is not None and unlocated.location_removed
    kept = exif_of(unlocated.data)
    assert GPS_IFD not in kept and kept.get_ifd(GPS_IFD) == {}
    assert HOME.encode() in photo and HOME.encode() not in unlocated.data
    assert kept[ORIENTATION] == 6  # shown upright, as the artist took it
    assert kept[COPYRIGHT] == "(c) Ann Lee, all rights reserved"
    assert kept[ARTIST] == "Ann Lee"
    assert pixels(unlocated.data) == pixels(photo)  # nothing was encoded anew
    assert len(unlocated.data) == len(photo)
    Image.open(io.BytesIO(unlocated.data)).verify()  # a PNG's eXIf CRC is right
    assert without_location(unlocated.data) is None  # taken out once and for all


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_photo_without_a_location_is_left_as_it_is(fmt: str) -> None:
    assert without_location(phone_photo(fmt, gps=False)) is None
    assert without_location(phone_photo(fmt, gps=False)[:-40] + b"cut short") is None


def test_the_second_picture_of_a_phone_photo_loses_its_location_too() -> None:
    """An MPO (a phone's or a 3D camera's second picture, an HDR gain map) holds a second
    JPEG with its own Exif after the first: its position was published as well."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.5), 28: HOME}
    out = io.BytesIO()
    first, second = Image.new("RGB", (64, 48), "teal"), Image.new("RGB", (64, 48), "navy")
    first.save(out, "MPO", save_all=True, append_images=[second], exif=exif)
    photo = out.getvalue()
    assert exif_of(photo, 1).get_ifd(GPS_IFD) != {}

    unlocated = without_location(photo)

    assert unlocated is not None
    assert HOME.encode() not in unlocated.data
    for frame in (0, 1):
        assert exif_of(unlocated.data, frame).get_ifd(GPS_IFD) == {}
        assert exif_of(unlocated.data, frame)[ORIENTATION] == 6
        assert pixels(unlocated.data, frame) == pixels(photo, frame)


def big_endian_exif(*, gps_at: int | None = None, count: int = 3) -> bytes:
    """An Exif block as a camera writes it big-endian ("MM"), by hand: orientation 6, a
    copyright string kept after the IFD, and a GPS IFD whose latitude is kept after it.
    ``gps_at`` points the GPS entry elsewhere; ``count`` is the entry count written."""
    copyright_at, gps_ifd_at = 50, 58
    latitude_at = gps_ifd_at + 2 + 2 * 12 + 4
    ifd0 = struct.pack(">H", count)
    ifd0 += struct.pack(">HHIHH", ORIENTATION, 3, 1, 6, 0)
    ifd0 += struct.pack(">HHII", COPYRIGHT, 2, 8, copyright_at)
    ifd0 += struct.pack(">HHII", GPS_IFD, 4, 1, gps_ifd_at if gps_at is None else gps_at)
    ifd0 += struct.pack(">I", 0)
    gps = struct.pack(">H", 2)
    gps += struct.pack(">HHI2s2x", 1, 2, 2, b"N\x00")
    gps += struct.pack(">HHII", 2, 5, 3, latitude_at) + struct.pack(">I", 0)
    latitude = struct.pack(">6I", 52, 1, 31, 1, 1234, 100)
    tiff = b"MM\x00*" + struct.pack(">I", 8) + ifd0 + b"(c) Ann\x00" + gps + latitude
    assert tiff.index(latitude) == latitude_at
    return b"Exif\x00\x00" + tiff


def jpeg_with_exif(exif: bytes) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_big_endian_exif_block_loses_its_location() -> None:
    photo = jpeg_with_exif(big_endian_exif())
    latitude = struct.pack(">6I", 52, 1, 31, 1, 1234, 100)
    assert exif_of(photo).get_ifd(GPS_IFD)[1] == "N" and latitude in photo

    unlocated = without_location(photo)

    assert unlocated is not None and unlocated.location_removed
    assert latitude not in unlocated.data
    kept = exif_of(unlocated.data)
    assert dict(kept) == {ORIENTATION: 6, COPYRIGHT: "(c) Ann"}


def test_a_location_pointing_out_of_the_exif_block_is_taken_out() -> None:
    unlocated = without_location(jpeg_with_exif(big_endian_exif(gps_at=60_000)))
    assert unlocated is not None and unlocated.location_removed
    assert dict(exif_of(unlocated.data)) == {ORIENTATION: 6, COPYRIGHT: "(c) Ann"}


@PILLOW_WARNS_OF_DAMAGED_EXIF
def test_a_first_ifd_cut_short_loses_its_location_and_keeps_the_rest() -> None:
    """Its entry count says more than the block holds: readers (Pillow) read what it holds,
    the position among it, so the orientation stays and the position goes."""
    unlocated = without_location(jpeg_with_exif(big_endian_exif(count=900)))
    assert unlocated is not None and unlocated.location_removed
    assert struct.pack(">6I", 52, 1, 31, 1, 1234, 100) not in unlocated.data
    assert dict(exif_of(unlocated.data)) == {ORIENTATION: 6, COPYRIGHT: "(c) Ann"}


@PILLOW_WARNS_OF_DAMAGED_EXIF
@pytest.mark.parametrize(
    "exif",
    [
        b"Exif\x00\x00MM\x00*\x00\x00\xff\xf0" + bytes(40),  # its first IFD outside it
        b"Exif\x00\x00XX\x00*" + bytes(40),  # no TIFF header
        b"Exif\x00\x00MM",  # cut short in its header
    ],
)
def test_a_damaged_exif_block_is_emptied_without_an_error(exif: bytes) -> None:
    """No reader the app knows gets anything out of such a block, but one that guessed
    might find a position in it: it is emptied, at the same length."""
    photo = jpeg_with_exif(exif)

    unlocated = without_location(photo)

    assert unlocated is not None and not unlocated.location_removed
    assert len(unlocated.data) == len(photo)
    assert dict(exif_of(unlocated.data)) == {}
    assert pixels(unlocated.data) == pixels(photo)
    assert without_location(unlocated.data) is None


XMP_WITH_GPS = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    exif:GPSLatitude="52,31.2083N"
    exif:GPSLongitude = '13,24.0167E'
    exif:ExposureTime="1/120"
    tiff:Orientation="6">
   <exif:GPSAltitude>34/1</exif:GPSAltitude>
   <exif:GPSVersionID>2.2.0.0</exif:GPSVersionID>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) Ann Lee</rdf:li></rdf:Alt></dc:rights>
   <Iptc4xmpExt:LocationCreated><rdf:Bag>
    <rdf:li xmlns:ex="http://ns.adobe.com/exif/1.0/" ex:GPSAreaInformation="52 Harbour Street"
      Iptc4xmpExt:City="Harbourtown"><ex:GPSTimeStamp/></rdf:li>
   </rdf:Bag></Iptc4xmpExt:LocationCreated>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()
"""Lightroom's or Photoshop's XMP of a phone photo: its GPS position as attributes and as
elements, and where it was taken as IPTC says it (under another prefix)."""
EXIF_NS = "{http://ns.adobe.com/exif/1.0/}"


def xmp_of(data: bytes) -> ET.Element:
    start = data.index(b"<?xpacket begin")
    end = data.index(b"<?xpacket end", start)
    return ET.fromstring(data[start : data.index(b"?>", end) + 2])


def assert_xmp_without_location(packet: ET.Element) -> None:
    names = [
        name
        for element in packet.iter()
        for name in [element.tag, *element.attrib]
        if name.startswith(EXIF_NS + "GPS")
    ]
    assert names == []
    (description,) = packet.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description")
    assert description.attrib["{http://ns.adobe.com/tiff/1.0/}Orientation"] == "6"
    assert description.attrib[EXIF_NS + "ExposureTime"] == "1/120"
    assert "(c) Ann Lee" in ET.tostring(packet, encoding="unicode")
    assert "Harbourtown" in ET.tostring(packet, encoding="unicode")


def png_with_text(keyword: str, text: str, *, compressed: bool) -> bytes:
    info = PngImagePlugin.PngInfo()
    if keyword == "XML:com.adobe.xmp":
        info.add_itxt(keyword, text, zip=compressed)
    else:
        info.add_text(keyword, text, zip=compressed)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "PNG", pnginfo=info)
    return out.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        lambda: phone_photo("JPEG", xmp=XMP_WITH_GPS),
        lambda: phone_photo("WEBP", xmp=XMP_WITH_GPS),
        lambda: png_with_text("XML:com.adobe.xmp", XMP_WITH_GPS.decode(), compressed=False),
        lambda: png_with_text("XML:com.adobe.xmp", XMP_WITH_GPS.decode(), compressed=True),
    ],
    ids=["jpeg", "webp", "png", "png-compressed"],
)
def test_a_photos_xmp_loses_its_location_and_keeps_the_rest(make: Any) -> None:
    """An artist's photo edited in Photoshop or exported by Lightroom carries its GPS
    position in its XMP too, which other readers show as well as the Exif's."""
    photo = make()
    with Image.open(io.BytesIO(photo)) as image:
        image.load()
        xmp = image.info.get("xmp") or image.info["XML:com.adobe.xmp"]
    assert b"52,31.2083N" in (xmp if isinstance(xmp, bytes) else xmp.encode())

    unlocated = without_location(photo)

    assert unlocated is not None and unlocated.location_removed
    with Image.open(io.BytesIO(unlocated.data)) as image:
        image.load()
        kept = image.info.get("xmp") or image.info["XML:com.adobe.xmp"]
        assert image.tobytes() == Image.open(io.BytesIO(photo)).tobytes()
    kept = kept if isinstance(kept, bytes) else kept.encode()
    assert b"52,31" not in kept and b"13,24" not in kept and b"Harbour Street" not in kept
    assert len(kept) == len(XMP_WITH_GPS)  # edited in place, as XMP packets are
    assert_xmp_without_location(ET.fromstring(kept))
    Image.open(io.BytesIO(unlocated.data)).verify()  # a PNG's chunk lengths and CRCs
    if photo.startswith(b"\xff\xd8"):
        assert exif_of(unlocated.data)[ORIENTATION] == 6
    assert without_location(unlocated.data) is None


def raw_profile(block: bytes, name: str = "exif") -> str:
    """ImageMagick's "Raw profile type <name>" text: a name, a length, hex digits in lines."""
    digits = block.hex()
    lines = [digits[at : at + 72] for at in range(0, len(digits), 72)]
    return f"\n{name}\n" + f"{len(block):8d}\n" + "\n".join(lines) + "\n"


def test_a_png_imagemagick_made_from_a_photo_loses_the_location_of_its_exif_text() -> None:
    """ImageMagick keeps a converted photo's Exif as hex digits in a PNG text chunk, which
    Pillow (and so the app) reads as the PNG's Exif, position included."""
    exif_app1 = Image.open(io.BytesIO(phone_photo("JPEG"))).info["exif"]
    photo = png_with_text("Raw profile type exif", raw_profile(exif_app1), compressed=True)
    assert exif_of(photo).get_ifd(GPS_IFD)[2] == (52.0, 31.0, 12.5)

    unlocated = without_location(photo)

    assert unlocated is not None and unlocated.location_removed
    kept = exif_of(unlocated.data)
    assert kept.get_ifd(GPS_IFD) == {}
    assert (kept[ORIENTATION], kept[ARTIST]) == (6, "Ann Lee")
    with Image.open(io.BytesIO(unlocated.data)) as image:
        text = image.info["Raw profile type exif"]
    assert HOME.encode().hex() not in "".join(text.split())
    assert without_location(unlocated.data) is None


def test_xmp_without_a_location_is_left_as_it_is() -> None:
    xmp = XMP_WITH_GPS.replace(b"exif:GPS", b"exif:Pos").replace(b"ex:GPS", b"ex:Pos")
    assert without_location(phone_photo("JPEG", gps=False, xmp=xmp)) is None
    assert (
        without_location(png_with_text("XML:com.adobe.xmp", xmp.decode(), compressed=True)) is None
    )


def imagemagick_png(exif_app1: bytes) -> bytes:
    """A PNG as ImageMagick 6 (Debian's, Ubuntu's ``convert photo.jpg photo.png``) writes a
    phone photo edited in Lightroom: its Exif in an eXIf chunk, its XMP as hex digits in a
    "Raw profile type xmp" text chunk, and each Exif and XMP field again as a text chunk of
    its own ("exif:GPSLatitude", "xmp:GPSAltitude")."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type xmp", raw_profile(XMP_WITH_GPS, "xmp"), zip=True)
    fields = {
        "exif:Artist": "Ann Lee",
        "exif:GPSInfo": "104",
        "exif:GPSLatitude": "52/1, 31/1, 25/2",
        "exif:GPSLatitudeRef": "N",
        "exif:GPSAreaInformation": ", ".join(str(byte) for byte in HOME.encode()),
        "xmp:GPSAltitude": "34/1",
    }
    for keyword, text in fields.items():
        info.add_text(keyword, text)
    out = io.BytesIO()
    picture = Image.effect_noise((64, 48), 60).convert("RGB")
    picture.save(out, "PNG", pnginfo=info, exif=exif_app1)
    return out.getvalue()


def test_a_png_imagemagick_made_from_a_photo_loses_the_location_of_its_text_chunks() -> None:
    """ImageMagick 6 keeps a converted photo's XMP as hex digits ("Raw profile type xmp")
    and writes every Exif and XMP field as a text chunk too: exiftool and Pillow read the
    position from those, after the eXIf chunk had it taken out."""
    exif_app1 = Image.open(io.BytesIO(phone_photo("JPEG"))).info["exif"]
    photo = imagemagick_png(exif_app1)
    with Image.open(io.BytesIO(photo)) as image:
        image.load()
        assert image.info["exif:GPSLatitude"] == "52/1, 31/1, 25/2"

    unlocated = without_location(photo)

    assert unlocated is not None and unlocated.location_removed
    with Image.open(io.BytesIO(unlocated.data)) as image:
        image.load()
        assert [key for key in image.info if "GPS" in key] == []
        assert image.info["exif:Artist"] == "Ann Lee"
        raw_xmp = image.info["Raw profile type xmp"]
        assert image.tobytes() == Image.open(io.BytesIO(photo)).tobytes()
    packet = bytes.fromhex("".join(raw_xmp.split("\n")[3:]))
    assert len(packet) == len(XMP_WITH_GPS)
    assert_xmp_without_location(ET.fromstring(packet))
    assert exif_of(unlocated.data).get_ifd(GPS_IFD) == {}
    Image.open(io.BytesIO(unlocated.data)).verify()  # chunk lengths and CRCs
    assert without_location(unlocated.data) is None


def test_a_jpeg_with_stray_bytes_before_its_exif_loses_its_location() -> None:
    """Some writers leave bytes between two segments (libjpeg warns of "extraneous bytes
    before marker"): Pillow and libjpeg pass over them and read the Exif after them, its
    position included, so the import must read it too."""
    photo = phone_photo("JPEG", xmp=XMP_WITH_GPS)
    exif_at = photo.index(b"\xff\xe1")
    photo = photo[:exif_at] + b"\x00\x00\xff\x00" + photo[exif_at:]
    assert exif_of(photo).get_ifd(GPS_IFD)[2] == (52.0, 31.0, 12.5)

    unlocated = without_location(photo)

    assert unlocated is not None and unlocated.location_removed
    assert len(unlocated.data) == len(photo)
    kept = exif_of(unlocated.data)
    assert kept.get_ifd(GPS_IFD) == {} and kept[ORIENTATION] == 6
    assert HOME.encode() not in unlocated.data and b"52,31.2083N" not in unlocated.data
    assert pixels(unlocated.data) == pixels(photo)


DJI_XMP = b"""<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="DJI Meta Data"
    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
    xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/"
    tiff:Make="DJI"
    drone-dji:AbsoluteAltitude="+34.50"
    drone-dji:GpsLatitude="52.520008"
    drone-dji:GpsLongtitude="13.404954"
    drone-dji:GimbalPitchDegree="-90.00">
   <drone-dji:Latitude>52.520008</drone-dji:Latitude>
   <drone-dji:Longitude>13.404954</drone-dji:Longitude>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
"""The XMP a DJI drone writes into its photos: the position again, in its own namespace
(GpsLongtitude sic), which exiftool reads as the photo's GPS latitude and longitude."""


def test_a_drone_photos_xmp_loses_its_location_and_keeps_the_rest() -> None:
    photo = phone_photo("JPEG", xmp=DJI_XMP)

    unlocated = without_location(photo)

    assert unlocated is not None and unlocated.location_removed
    assert b"52.520008" not in unlocated.data and b"13.404954" not in unlocated.data
    (description,) = xmp_of(unlocated.data).iter(
        "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"
    )
    dji = "{http://www.dji.com/drone-dji/1.0/}"
    assert description.attrib[dji + "GimbalPitchDegree"] == "-90.00"
    assert description.attrib[dji + "AbsoluteAltitude"] == "+34.50"
    assert [child.tag for child in description] == []
    assert exif_of(unlocated.data)[ORIENTATION] == 6
    assert without_location(unlocated.data) is None


def test_a_crafted_xmp_is_read_once_not_again_from_each_of_its_tags() -> None:
    """Tags of a position property that never end (no ``>``, no end tag) were each looked
    for to the end of the packet: reading its XMP again from each of them, the import of
    a PNG of 1 MB held a worker thread for minutes (hours for a few MB), the Upload tab's
    row copying it in, and the app's quitting waiting on it. A position after them still
    goes."""
    declared = b'<x:xmpmeta xmlns:exif="http://ns.adobe.com/exif/1.0/">'
    junk = b"<exif:GPSLatitude>1" * 30_000 + b"<exif:GPSAltitude x" * 30_000
    position = (
        b' <rdf:Description exif:GPSLatitudeRef="N">'
        b"<exif:GPSLongitude>13,24E</exif:GPSLongitude></rdf:Description>"
    )
    packet = declared + junk + position + b"</x:xmpmeta>"
    data = png_with_text("XML:com.adobe.xmp", packet.decode(), compressed=False)
    unlocated = without_location(data)
    assert unlocated is not None and unlocated.location_removed
    assert b"13,24E" not in unlocated.data and b'GPSLatitudeRef="N"' not in unlocated.data


def test_a_crafted_xmp_is_read_once_whatever_prefixes_it_declares() -> None:
    """The packet was read again for each prefix it declared for a namespace whose
    properties go, and an element of a property under one prefix was looked for to the
    end of the packet past the tags of all others: a PNG with 1 MB of such declarations
    held the import's worker thread for minutes, quadratic beyond (an iTXt chunk, a WebP's
    XMP, a JPEG's extended XMP of many MB). A path under any of those prefixes still goes,
    and one under a prefix of another namespace stays."""
    count = 20_000
    declared = b"".join(
        b' xmlns:p%d="http://ns.adobe.com/xap/1.0/sType/ResourceRef#"' % i for i in range(count)
    )
    junk = b"".join(b"<p%d:filePath>x" % i for i in range(count))
    packet = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/" xmlns:o="http://example.com/other/"'
        + declared
        + b">"
        + junk
        + b'<rdf:Description p7:filePath="C:/Users/JaneDoe/a.psd" o:filePath="kept.psd">'
        + b"<p19999:lastURL>file:///C:/Users/JaneDoe/b.ai</p19999:lastURL></rdf:Description>"
        + b"</x:xmpmeta>"
    )
    data = png_with_text("XML:com.adobe.xmp", packet.decode(), compressed=False)
    unlocated = without_location(data)
    assert unlocated is not None and not unlocated.location_removed
    assert b"JaneDoe" not in unlocated.data
    assert b'o:filePath="kept.psd"' in unlocated.data


HOST_COMPUTER, DOCUMENT_NAME = 0x013C, 0x010D
HOME_FOLDER = r"C:\Users\JaneDoe\Clients\Acme"
XMP_WITH_PATHS = rf"""<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#"
    xmlns:ps="http://ns.adobe.com/photoshop/1.0/"
    ps:Credit="Ann Lee Studio"
    xmpMM:DocumentID="xmp.did:0a1b2c">
   <dc:creator><rdf:Seq><rdf:li>Ann Lee</rdf:li></rdf:Seq></dc:creator>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) Ann Lee</rdf:li></rdf:Alt></dc:rights>
   <xmpMM:DerivedFrom stRef:documentID="xmp.did:9f8e"
     stRef:filePath="{HOME_FOLDER}\launch\poster.psd"/>
   <xmpMM:Ingredients><rdf:Bag>
    <rdf:li rdf:parseType="Resource">
     <stRef:filePath>{HOME_FOLDER}\launch\logo.ai</stRef:filePath>
     <stRef:documentID>xmp.did:7d6c</stRef:documentID>
    </rdf:li>
   </rdf:Bag></xmpMM:Ingredients>
   <ps:DocumentAncestors><rdf:Bag>
    {"".join(f"<rdf:li>adobe:docid:photoshop:{n:08x}</rdf:li>" for n in range(200))}
   </rdf:Bag></ps:DocumentAncestors>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()
"""Photoshop's XMP of an artwork made from other files: where they were on the artist's disk
(``stRef:filePath``, as attributes and as elements, under the prefixes declared), and the
ids of every document ever placed in it (``photoshop:DocumentAncestors``); and its credit."""


def artwork(fmt: str) -> bytes:
    """An artwork exported from Photoshop: its Exif names the computer it was made on, its
    XMP the files it was made from; it has no GPS position."""
    exif = Image.Exif()
    exif[ARTIST] = "Ann Lee"
    exif[COPYRIGHT] = "(c) Ann Lee, all rights reserved"
    exif[HOST_COMPUTER] = "JANEDOE-WORKSTATION"
    exif[DOCUMENT_NAME] = HOME_FOLDER + r"\launch\poster.psd"
    exif[ORIENTATION] = 1
    out = io.BytesIO()
    picture = Image.effect_noise((64, 48), 60).convert("RGB")
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP_WITH_PATHS.decode(), zip=True)
        picture.save(out, fmt, exif=exif, pnginfo=info)
    else:
        picture.save(out, fmt, exif=exif, xmp=XMP_WITH_PATHS)
    return out.getvalue()


def assert_xmp_without_paths(packet: bytes) -> None:
    assert b"JaneDoe" not in packet and b"adobe:docid" not in packet
    tree = ET.fromstring(packet)
    text = ET.tostring(tree, encoding="unicode")
    assert "Ann Lee Studio" in text and "(c) Ann Lee" in text and "xmp.did:0a1b2c" in text
    assert "<rdf:li>Ann Lee</rdf:li>" in text.replace("ns0:", "rdf:").replace("ns1:", "rdf:")
    names = {name for element in tree.iter() for name in [element.tag, *element.attrib]}
    stref = "{http://ns.adobe.com/xap/1.0/sType/ResourceRef#}"
    assert stref + "filePath" not in names
    assert "{http://ns.adobe.com/photoshop/1.0/}DocumentAncestors" not in names
    assert stref + "documentID" in names  # which document it came from: no path in it


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_paths_of_the_artists_files_are_taken_out_and_the_credit_stays(fmt: str) -> None:
    """Photoshop's and Lightroom's XMP keeps where the files an artwork was made from were
    on the artist's disk, and Exif the name of their computer: none of it is credit, and
    a publish served it to anyone ("C:\\Users\\JaneDoe\\Clients\\Acme" names the artist
    and a client)."""
    made = artwork(fmt)
    assert exif_of(made)[HOST_COMPUTER] == "JANEDOE-WORKSTATION"
    assert exif_of(made)[DOCUMENT_NAME].startswith(HOME_FOLDER)

    unlocated = without_location(made)

    assert unlocated is not None and not unlocated.location_removed  # no GPS to tell of
    kept = exif_of(unlocated.data)
    assert HOST_COMPUTER not in kept and b"JANEDOE-WORKSTATION" not in unlocated.data
    assert DOCUMENT_NAME not in kept and b"JaneDoe" not in unlocated.data
    assert (kept[ARTIST], kept[COPYRIGHT]) == ("Ann Lee", "(c) Ann Lee, all rights reserved")
    with Image.open(io.BytesIO(unlocated.data)) as image:
        image.load()
        xmp = image.info.get("xmp") or image.info["XML:com.adobe.xmp"]
    assert_xmp_without_paths(xmp if isinstance(xmp, bytes) else xmp.encode())
    assert pixels(unlocated.data) == pixels(made)  # nothing was encoded anew
    if fmt != "PNG":  # a PNG's compressed text is compressed anew
        assert len(unlocated.data) == len(made)
    Image.open(io.BytesIO(unlocated.data)).verify()  # a PNG's chunk lengths and CRCs
    assert without_location(unlocated.data) is None


def test_a_png_imagemagick_made_loses_the_name_of_the_computer_in_its_text_chunks() -> None:
    """ImageMagick writes each Exif field again as a text chunk of its own, which Pillow and
    exiftool read: the computer's name must go from there too, the artist's stays."""
    exif_app1 = Image.open(io.BytesIO(artwork("JPEG"))).info["exif"]
    info = PngImagePlugin.PngInfo()
    for keyword, text in {
        "exif:Artist": "Ann Lee",
        "exif:HostComputer": "JANEDOE-WORKSTATION",
        "Raw profile type xmp": raw_profile(XMP_WITH_PATHS, "xmp"),
    }.items():
        info.add_text(keyword, text, zip=keyword.startswith("Raw"))
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "PNG", pnginfo=info, exif=exif_app1)

    unlocated = without_location(out.getvalue())

    assert unlocated is not None and not unlocated.location_removed
    with Image.open(io.BytesIO(unlocated.data)) as image:
        image.load()
        assert "exif:HostComputer" not in image.info and image.info["exif:Artist"] == "Ann Lee"
        raw_xmp = image.info["Raw profile type xmp"]
    assert_xmp_without_paths(bytes.fromhex("".join(raw_xmp.split("\n")[3:])))
    assert HOST_COMPUTER not in exif_of(unlocated.data)


EXTENSION = b"http://ns.adobe.com/xmp/extension/\x00"
EXTENDED_XMP = rf"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    exif:GPSLatitude="52,31.2083N"
    photoshop:History="Retouched by Ann Lee">
   <photoshop:DocumentAncestors><rdf:Bag>
    <rdf:li>file:///{HOME_FOLDER}/launch/poster.psd</rdf:li>
    {"".join(f"<rdf:li>adobe:docid:photoshop:{n:08x}</rdf:li>" for n in range(400))}
   </rdf:Bag></photoshop:DocumentAncestors>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>""".encode()
"""The part of Photoshop's XMP past ~64 KB, moved into extended XMP: the biggest properties
(``photoshop:DocumentAncestors``, with a path among its ids) and a GPS position."""


def main_xmp(guid: bytes) -> bytes:
    """Photoshop's main XMP packet of an artwork with extended XMP: its credit, and the GUID
    of the extended packet in ``xmpNote:HasExtendedXMP``."""
    return (
        b"""<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmpNote="http://ns.adobe.com/xmp/note/"
    xmpNote:HasExtendedXMP="%s">
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) Ann Lee</rdf:li></rdf:Alt></dc:rights>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
        % guid
    )


def app1(payload: bytes) -> bytes:
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def extension_segments(packet: bytes, guid: bytes, parts: int = 3) -> list[bytes]:
    """``packet`` split over ``parts`` extended XMP payloads of ``guid``, as Photoshop splits
    it: each with the total length and the offset of its portion."""
    size = -(-len(packet) // parts)
    return [
        EXTENSION + guid + struct.pack(">II", len(packet), at) + packet[at : at + size]
        for at in range(0, len(packet), size)
    ]


def guid_of(packet: bytes) -> bytes:
    return hashlib.md5(packet).hexdigest().upper().encode()


def artwork_with_extended_xmp(main: bytes, extensions: list[bytes]) -> bytes:
    """A JPEG artwork (its Exif with its credit) with ``main`` XMP and ``extensions``
    segments after its Exif, the last one first (readers put them in offset order)."""
    exif = Image.Exif()
    exif[ARTIST] = "Ann Lee"
    exif[COPYRIGHT] = "(c) Ann Lee, all rights reserved"
    out = io.BytesIO()
    Image.effect_noise((64, 48), 60).convert("RGB").save(out, "JPEG", exif=exif)
    data = out.getvalue()
    exif_at = data.index(b"\xff\xe1")
    after = exif_at + 2 + struct.unpack(">H", data[exif_at + 2 : exif_at + 4])[0]
    segments = app1(XMP_HEADER + main) + b"".join(app1(e) for e in reversed(extensions))
    return data[:after] + segments + data[after:]


def app1_payloads(data: bytes, header: bytes) -> list[bytes]:
    """The payloads of the APP1 segments of ``data`` that start with ``header``."""
    payloads, at = [], 2
    while data[at : at + 2] != b"\xff\xda":
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        if data[at + 1] == 0xE1 and data[at + 4 :].startswith(header):
            payloads.append(data[at + 4 : at + 2 + length])
        at += 2 + length
    return payloads


XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"


def test_extended_xmp_loses_the_paths_and_the_location_under_a_new_guid() -> None:
    """Photoshop moves the biggest properties of an XMP past ~64 KB (the ids and paths of
    every document placed in the artwork) into extended XMP segments, a GPS position
    perhaps among them: they were published as they were. Readers check its GUID (the MD5
    digest of its text), so the GUID is computed anew, in its segments and in the main
    packet."""
    guid = guid_of(EXTENDED_XMP)
    made = artwork_with_extended_xmp(main_xmp(guid), extension_segments(EXTENDED_XMP, guid))
    assert b"JaneDoe" in made and b"52,31.2083N" in made

    unlocated = without_location(made)

    assert unlocated is not None and unlocated.location_removed
    assert b"JaneDoe" not in unlocated.data and b"adobe:docid" not in unlocated.data
    assert b"52,31.2083N" not in unlocated.data
    portions = sorted(
        (struct.unpack(">I", payload[71:75])[0], payload)
        for payload in app1_payloads(unlocated.data, EXTENSION)
    )
    packet = b"".join(payload[75:] for _, payload in portions)
    assert len(portions) == 3 and len(packet) == len(EXTENDED_XMP)
    assert {payload[35:67] for _, payload in portions} == {guid_of(packet)} != {guid}
    assert all(struct.unpack(">I", p[67:71])[0] == len(packet) for _, p in portions)
    (main,) = app1_payloads(unlocated.data, XMP_HEADER)
    description = ET.fromstring(main[len(XMP_HEADER) :]).find(".//{*}Description")
    assert description is not None
    assert description.attrib["{http://ns.adobe.com/xmp/note/}HasExtendedXMP"] == (
        guid_of(packet).decode()
    )
    assert b"(c) Ann Lee" in main
    extended = ET.fromstring(packet).find(".//{*}Description")
    assert extended is not None and list(extended) == []
    assert extended.attrib == {
        "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about": "",
        "{http://ns.adobe.com/photoshop/1.0/}History": "Retouched by Ann Lee",
    }
    kept = exif_of(unlocated.data)
    assert (kept[ARTIST], kept[COPYRIGHT]) == ("Ann Lee", "(c) Ann Lee, all rights reserved")
    assert pixels(unlocated.data) == pixels(made)
    assert len(unlocated.data) == len(made)
    assert without_location(unlocated.data) is None


def damaged(kind: str) -> tuple[bytes, list[bytes]]:
    """A main packet and extended XMP segments that cannot be checked, as ``kind`` says."""
    guid = guid_of(EXTENDED_XMP)
    segments = extension_segments(EXTENDED_XMP, guid)
    if kind == "guid not its digest":
        other = guid_of(b"another packet")
        return main_xmp(other), extension_segments(EXTENDED_XMP, other)
    if kind == "a portion missing":
        return main_xmp(guid), segments[:1] + segments[2:]
    if kind == "total lengths disagree":
        head = segments[1][:67] + struct.pack(">I", len(EXTENDED_XMP) + 1)
        return main_xmp(guid), [segments[0], head + segments[1][71:], segments[2]]
    if kind == "guid not named":
        return main_xmp(guid_of(b"another packet")), segments
    return main_xmp(guid), [segments[0], EXTENSION + guid[:20], segments[2]]  # cut short


@pytest.mark.parametrize(
    "kind",
    [
        "guid not its digest",
        "a portion missing",
        "total lengths disagree",
        "guid not named",
        "a segment cut short",
    ],
)
def test_extended_xmp_that_cannot_be_checked_is_blanked(kind: str) -> None:
    """Extended XMP whose GUID, portions or lengths disagree cannot be edited with confidence,
    and a lenient reader may still read what it holds: every one of its segments becomes
    spaces after its signature, at its length; the main packet and the Exif stay."""
    main, extensions = damaged(kind)
    made = artwork_with_extended_xmp(main, extensions)

    unlocated = without_location(made)

    assert unlocated is not None and not unlocated.location_removed  # no position checked
    assert b"JaneDoe" not in unlocated.data and b"52,31.2083N" not in unlocated.data
    blanked = app1_payloads(unlocated.data, EXTENSION)
    assert [len(payload) for payload in blanked] == [len(e) for e in reversed(extensions)]
    assert all(payload[len(EXTENSION) :].strip(b" ") == b"" for payload in blanked)
    assert app1_payloads(unlocated.data, XMP_HEADER) == [XMP_HEADER + main]
    kept = exif_of(unlocated.data)
    assert (kept[ARTIST], kept[COPYRIGHT]) == ("Ann Lee", "(c) Ann Lee, all rights reserved")
    assert pixels(unlocated.data) == pixels(made)
    assert len(unlocated.data) == len(made)
    assert without_location(unlocated.data) is None


def animated_photo(fmt: str) -> bytes:
    """Three frames of different noise with the phone photo's Exif (position included)."""
    exif = Image.Exif()
    exif[ARTIST] = "Ann Lee"
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 1.0), 28: HOME}
    frames = [Image.effect_noise((40, 30), 20 + 30 * n).convert("RGB") for n in range(3)]
    out = io.BytesIO()
    params: dict[str, object] = {"lossless": True} if fmt == "WEBP" else {}
    frames[0].save(
        out, fmt, save_all=True, append_images=frames[1:], duration=120, exif=exif, **params
    )
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_an_animation_keeps_every_frame_when_its_location_is_taken_out(fmt: str) -> None:
    animation = animated_photo(fmt)
    assert Image.open(io.BytesIO(animation)).n_frames == 3 and HOME.encode() in animation

    unlocated = without_location(animation)

    assert unlocated is not None and unlocated.location_removed
    assert HOME.encode() not in unlocated.data
    moving = Image.open(io.BytesIO(unlocated.data))
    assert moving.n_frames == 3  # published as it moves, not as its first frame
    assert [pixels(unlocated.data, n) for n in range(3)] == [pixels(animation, n) for n in range(3)]
    assert exif_of(unlocated.data)[ARTIST] == "Ann Lee"
