"""Provenance embedded in saved and published images, without re-encoding a pixel.

What is written (and nothing else: no key, no URL, no path):

* PNG: an iTXt ``parameters`` chunk (human-readable, the convention other image tools read),
  an iTXt ``kontext_studio`` chunk (JSON, what :func:`read_provenance` reads) and the XMP
  packet in the iTXt ``XML:com.adobe.xmp`` chunk.
* JPEG: an APP1 XMP segment and a COM segment holding ``kontext_studio:`` + the JSON.

The XMP carries ``Iptc4xmpExt:DigitalSourceType`` (``trainedAlgorithmicMedia`` for a
generation, ``compositeWithTrainedAlgorithmicMedia`` for an edit), ``dc:description`` (the
prompt) and ``xmp:CreatorTool``.

The files are edited as chunk/segment streams: every original chunk or segment is copied byte
for byte, so the compressed image data is untouched. PNG chunks go just before the first IDAT
rather than before IEND (both are valid): readers that stop at the image data, Pillow's
``Image.open(...).info`` among them, then see the text. JPEG segments go after the leading
JFIF (APP0) and Exif (APP1) segments, which their specs require to come first.

Embedding again replaces what an earlier embedding wrote. An XMP packet written by another tool
is kept: our properties go into it as a separate ``rdf:Description`` (RDF allows several), and
properties it already has are not written twice.

The same surgery takes what describes a photo out of a reference sent to KIE
(``without_*_metadata``: everything but what draws it), and the GPS position and the paths of
the artist's files out of the Exif and XMP of an artwork imported into the library
(:func:`without_location`: nothing else).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import struct
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

from kontext_studio import APP_NAME
from kontext_studio.errors import ImageError
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.validate import PNG_TEXT_CHUNK_MAX, unreadable_error
from kontext_studio.kie.models import MAX_PROMPT_CHARS

log = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_KEYWORD = "XML:com.adobe.xmp"
JSON_KEYWORD = "kontext_studio"
PARAMETERS_KEYWORD = "parameters"
XMP_APP1_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
JSON_COM_PREFIX = b"kontext_studio:"
SCHEMA_VERSION = 1

DIGITAL_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
GENERATED = DIGITAL_SOURCE_TYPE + "trainedAlgorithmicMedia"
EDITED = DIGITAL_SOURCE_TYPE + "compositeWithTrainedAlgorithmicMedia"

_NS_KSTUDIO = "urn:kontext-studio:xmp:1.0/"
_OUR_DESCRIPTION = re.compile(
    r'\s*<rdf:Description rdf:about="" xmlns:kstudio="' + re.escape(_NS_KSTUDIO) + r'".*?'
    r"</rdf:Description>\n?",
    re.DOTALL,
)
_RDF_OPEN = re.compile(r"<rdf:RDF\b[^>]*>")
# Characters XML 1.0 cannot carry, even escaped. The exact prompt lives in the JSON anyway.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_CHUNKS = (b"tEXt", b"iTXt", b"zTXt")
_MAX_INFLATED = PNG_TEXT_CHUNK_MAX  # a compressed text chunk may be a zip bomb
_MAX_SEGMENT = 0xFFFF - 2


@dataclass(frozen=True)
class Provenance:
    """How an image was made. Only what is safe to publish: never a key or a signed URL."""

    prompt: str
    model: str
    ratio: str
    task_id: str
    app_version: str
    is_edit: bool
    output_format: str = ""

    @property
    def digital_source_type(self) -> str:
        return EDITED if self.is_edit else GENERATED

    def parameters_text(self) -> str:
        """The human-readable summary, in the ``parameters`` style: prompt, then one line."""
        details = [
            f"Model: {self.model}",
            f"Ratio: {self.ratio or 'original'}",
            f"Mode: {'edit' if self.is_edit else 'generate'}",
        ]
        if self.output_format:
            details.append(f"Format: {self.output_format}")
        details += [f"Task id: {self.task_id}", f"App: {APP_NAME} {self.app_version}"]
        return f"{self.prompt}\n{', '.join(details)}"

    def to_json(self) -> str:
        return json.dumps({"schema": SCHEMA_VERSION, **asdict(self)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Provenance | None:
        """Parse what :meth:`to_json` wrote; None for anything else, never an exception."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # nesting too deep for the parser: not ours either
            return None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
            return None
        return _provenance_from_dict(data)


class _DamagedError(Exception):
    """The chunk or segment stream is malformed."""


def embed_provenance(data: bytes, provenance: Provenance) -> bytes:
    """Return ``data`` (a PNG or JPEG file) with ``provenance`` embedded, pixels untouched."""
    if data.startswith(PNG_SIGNATURE):
        return _embed_png(data, provenance)
    if data.startswith(b"\xff\xd8\xff"):
        return _embed_jpeg(data, provenance)
    raise ImageError(
        QT_TRANSLATE_NOOP("Errors", "Provenance can be embedded in PNG and JPEG files only.")
    )


def read_provenance(path: Path) -> Provenance | None:
    """The provenance that :func:`embed_provenance` wrote into ``path``, or None when it has
    none (including files that are not PNG or JPEG at all). Reads only the metadata, never
    the pixels, and never writes. Raises :class:`ImageError` when the file cannot be read."""
    try:
        with open(path, "rb") as fp:
            head = fp.read(8)
            fp.seek(0)
            if head.startswith(PNG_SIGNATURE):
                return _read_png(fp)
            if head.startswith(b"\xff\xd8\xff"):
                return _read_jpeg(fp)
            return None
    except OSError as exc:
        raise unreadable_error(path, exc) from exc
    except _DamagedError:
        return None


# ---------------------------------------------------------------------------------- XMP


def build_xmp(provenance: Provenance, existing: str | None = None) -> str:
    """An XMP packet with our properties, merged into ``existing`` when there is one."""
    if existing is not None:
        existing = _OUR_DESCRIPTION.sub("", existing)
        rdf = _RDF_OPEN.search(existing)
        if rdf is not None:
            block = _description_block(provenance, skip=existing)
            return existing[: rdf.end()] + block + existing[rdf.end() :]
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        + _description_block(provenance, skip="")
        + "</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def _description_block(provenance: Provenance, *, skip: str) -> str:
    """Our ``rdf:Description``, without the properties ``skip`` (another tool's XMP) has."""
    # Here, not at the top: xml.sax costs ~4 ms of the window's start, and only writing
    # an image's provenance needs it.
    from xml.sax.saxutils import escape, quoteattr

    attributes = [
        f'xmlns:kstudio="{_NS_KSTUDIO}"',
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
        f"kstudio:TaskId={quoteattr(_xml_safe(provenance.task_id))}",
    ]
    if "DigitalSourceType" not in skip:
        attributes.append(f'Iptc4xmpExt:DigitalSourceType="{provenance.digital_source_type}"')
    if "CreatorTool" not in skip:
        tool = f"{APP_NAME} {provenance.app_version}"
        attributes.append(f"xmp:CreatorTool={quoteattr(_xml_safe(tool))}")
    body = ""
    if "dc:description" not in skip:
        prompt = escape(_xml_safe(provenance.prompt))
        body = (
            "\n  <dc:description><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{prompt}</rdf:li>'
            "</rdf:Alt></dc:description>\n "
        )
    head = '\n <rdf:Description rdf:about="" ' + "\n   ".join(attributes) + ">"
    return f"{head}{body}</rdf:Description>\n"


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


# ---------------------------------------------------------------------------------- PNG


def _embed_png(data: bytes, provenance: Provenance) -> bytes:
    chunks = list(_png_chunks_of(data))
    existing_xmp: str | None = None
    kept: list[tuple[bytes, bytes, bytes]] = []
    for chunk in chunks:
        ctype, body, _ = chunk
        keyword = _text_keyword(ctype, body)
        if keyword == XMP_KEYWORD:
            existing_xmp = existing_xmp or _text_value(ctype, body)
        elif keyword not in (JSON_KEYWORD, PARAMETERS_KEYWORD):
            kept.append(chunk)
    ours = [
        _itxt(PARAMETERS_KEYWORD, provenance.parameters_text()),
        _itxt(JSON_KEYWORD, provenance.to_json()),
        _itxt(XMP_KEYWORD, build_xmp(provenance, existing_xmp)),
    ]
    out = [PNG_SIGNATURE]
    for ctype, body, crc in kept:
        if ctype in (b"IDAT", b"IEND") and ours:
            out += ours
            ours = []
        out.append(struct.pack(">I", len(body)) + ctype + body + crc)
    return b"".join(out)


def _png_chunks_of(data: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """Every chunk as (type, body, crc bytes as stored), up to and including IEND."""
    try:
        for ctype, body, crc in _png_chunks(io.BytesIO(data), lambda _: True):
            yield ctype, body or b"", crc
    except _DamagedError as exc:
        raise ImageError(
            QT_TRANSLATE_NOOP(
                "Errors", "The PNG file is damaged, so its provenance cannot be written."
            )
        ) from exc


def _png_chunks(
    fp: IO[bytes], wanted: Callable[[bytes], bool]
) -> Iterator[tuple[bytes, bytes | None, bytes]]:
    """Walk the chunk stream of a PNG (after the signature has been checked). Bodies of chunks
    for which ``wanted(type)`` is false are skipped with a seek and yielded as None."""
    fp.seek(len(PNG_SIGNATURE))
    seen_iend = False
    while not seen_iend:
        header = fp.read(8)
        if len(header) != 8:
            raise _DamagedError("chunk header cut short")
        length, ctype = struct.unpack(">I4s", header)
        if length > 0x7FFFFFFF:
            raise _DamagedError("chunk length out of range")
        body: bytes | None
        if wanted(ctype):
            body = fp.read(length)
            if len(body) != length:
                raise _DamagedError("chunk cut short")
        else:
            body = None
            fp.seek(length, 1)
        crc = fp.read(4)
        if len(crc) != 4:
            raise _DamagedError("chunk CRC cut short")
        seen_iend = ctype == b"IEND"
        yield ctype, body, crc


# Ancillary chunks that say how to draw the picture. Every other ancillary chunk is left out
# of a reference sent to KIE: eXIf (the camera, the time, GPS), text chunks (XMP, "Raw
# profile" Exif, comments), tIME and private chunks (a C2PA manifest may name its author).
# Critical chunks (an upper-case first letter) are always kept: a decoder needs them.
_PNG_DRAWING = frozenset(
    {
        b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI",
        b"mDCv", b"cLLi", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
    }
)  # fmt: skip


_IEND_CRC = b"\xaeB`\x82"


def without_png_metadata(data: bytes) -> bytes:
    """``data`` (a PNG file) with only the chunks that draw it (pixels, colours,
    transparency, animation), each copied as stored: nothing is re-encoded. A stream that
    breaks off after its image data (no IEND: decoders draw such a file, and the check
    before this one did) ends with an IEND where it broke off; one that breaks off
    earlier is left as it is, as :func:`without_jpeg_metadata` does."""
    chunks: list[tuple[bytes, bytes | None, bytes]] = []
    try:
        chunks.extend(_png_chunks(io.BytesIO(data), lambda _: True))
    except _DamagedError:
        if not any(ctype == b"IDAT" for ctype, _, _ in chunks):
            log.warning("a PNG's chunks could not be read", extra={"event": "png_unread"})
            return data
        chunks.append((b"IEND", b"", _IEND_CRC))
    kept = (
        struct.pack(">I", len(body or b"")) + ctype + (body or b"") + crc
        for ctype, body, crc in chunks
        if ctype[:1].isupper() or ctype in _PNG_DRAWING
    )
    return b"".join((PNG_SIGNATURE, *kept))


def _read_png(fp: IO[bytes]) -> Provenance | None:
    for ctype, body, _ in _png_chunks(fp, _TEXT_CHUNKS.__contains__):
        if body is not None and _text_keyword(ctype, body) == JSON_KEYWORD:
            text = _text_value(ctype, body)
            return None if text is None else Provenance.from_json(text)
    return None


def _itxt(keyword: str, text: str) -> bytes:
    """An uncompressed iTXt chunk (UTF-8 text, no language tag), with its CRC."""
    body = keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode("utf-8", "replace")
    return struct.pack(">I", len(body)) + b"iTXt" + body + _crc(b"iTXt" + body)


def _crc(data: bytes) -> bytes:
    return struct.pack(">I", zlib.crc32(data) & 0xFFFFFFFF)


def _text_keyword(ctype: bytes, body: bytes) -> str | None:
    """The keyword of a tEXt, zTXt or iTXt chunk; None for other chunks."""
    if ctype not in _TEXT_CHUNKS:
        return None
    return body.partition(b"\x00")[0].decode("latin-1")


def _text_value(ctype: bytes, body: bytes) -> str | None:
    """The text of a tEXt, zTXt or iTXt chunk; None when it cannot be decoded."""
    rest = body.partition(b"\x00")[2]
    try:
        if ctype == b"tEXt":
            return rest.decode("latin-1")
        if ctype == b"zTXt":
            return _inflate(rest[1:]).decode("latin-1")
        compressed = rest[0]
        _language, _, rest = rest[2:].partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        return (_inflate(text) if compressed else text).decode("utf-8")
    except (IndexError, UnicodeDecodeError, zlib.error):
        return None


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, _MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise zlib.error("the text inflates past the limit")
    return text


# --------------------------------------------------------------------------------- JPEG


def _embed_jpeg(data: bytes, provenance: Provenance) -> bytes:
    try:
        segments, scan_start = _jpeg_header(io.BytesIO(data))
    except _DamagedError as exc:
        raise ImageError(
            QT_TRANSLATE_NOOP(
                "Errors", "The JPEG file is damaged, so its provenance cannot be written."
            )
        ) from exc
    existing_xmp: str | None = None
    kept: list[tuple[int, bytes]] = []
    for marker, payload in segments:
        if marker == 0xE1 and payload.startswith(XMP_APP1_HEADER):
            if existing_xmp is None:
                existing_xmp = payload[len(XMP_APP1_HEADER) :].decode("utf-8", "replace")
        elif not (marker == 0xFE and payload.startswith(JSON_COM_PREFIX)):
            kept.append((marker, payload))
    xmp = XMP_APP1_HEADER + build_xmp(provenance, existing_xmp).encode("utf-8", "replace")
    comment = JSON_COM_PREFIX + provenance.to_json().encode("utf-8", "replace")
    ours = [(0xE1, xmp), (0xFE, comment)]
    at = _jpeg_insert_index(kept)
    out = [b"\xff\xd8"]
    out += (_segment(marker, payload) for marker, payload in kept[:at] + ours + kept[at:])
    out.append(data[scan_start:])
    return b"".join(out)


# Segments that describe the photo rather than how to draw it: Exif and XMP (APP1: the
# camera, the time, GPS), C2PA content credentials (APP11: who made and edited it),
# "Ducky" and camera notes (APP12), IPTC (APP13) and comments. JFIF, ICC (APP2) and Adobe
# (APP14) segments are kept: the colours depend on them.
_DESCRIBING = frozenset({0xE1, 0xEB, 0xEC, 0xED, 0xFE})
_MPF_HEADER = b"MPF\x00"  # APP2: where the images after the first one are (MPO, gain maps)


def without_jpeg_metadata(data: bytes) -> bytes:
    """``data`` (a JPEG file) without what describes the photo (Exif with its GPS position,
    XMP, IPTC, comments), pixels and colours untouched, and without what follows the end
    of its image: a phone's second picture (an MPO's, an HDR gain map, each with its own
    Exif) or the video of a motion photo. A header that cannot be read is left as it is
    (the pixels were checked already; a description cannot be told apart)."""
    try:
        segments, scan_start = _jpeg_header(io.BytesIO(data))
    except _DamagedError:
        log.warning("a JPEG header could not be read", extra={"event": "jpeg_unread"})
        return data
    kept = (
        _segment(m, payload)
        for m, payload in segments
        if m not in _DESCRIBING and not (m == 0xE2 and payload.startswith(_MPF_HEADER))
    )
    return b"".join((b"\xff\xd8", *kept, data[scan_start : _jpeg_image_end(data, scan_start)]))


def _jpeg_image_end(data: bytes, at: int) -> int:
    """Where the image whose first scan starts at ``at`` ends: just after its EOI marker.
    Scans (their entropy-coded data, where 0xFF is followed by 0x00 or a restart marker) and
    the segments between them (a progressive JPEG's) are stepped over; when the structure
    cannot be followed, or no EOI comes, the end of ``data``, so nothing the decoder read
    is cut."""
    while at + 2 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:  # a fill byte
            at += 1
            continue
        if marker == 0xD9:
            return at + 2
        if at + 4 > len(data) or marker in (0x00, 0x01) or 0xD0 <= marker <= 0xD8:
            break
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
        if marker == 0xDA:
            at = _entropy_end(data, at)
    return len(data)


def _entropy_end(data: bytes, at: int) -> int:
    """The offset of the first marker after the entropy-coded data starting at ``at``."""
    while (at := data.find(b"\xff", at)) != -1 and at + 1 < len(data):
        following = data[at + 1]
        if following != 0x00 and not 0xD0 <= following <= 0xD7:
            return at
        at += 2
    return len(data)


def _jpeg_insert_index(segments: list[tuple[int, bytes]]) -> int:
    """After the leading JFIF APP0 and Exif APP1 segments, which must stay first."""
    index = 0
    for marker, payload in segments:
        if marker == 0xE0 or (marker == 0xE1 and payload.startswith(b"Exif\x00")):
            index += 1
        else:
            break
    return index


def _segment(marker: int, payload: bytes) -> bytes:
    if len(payload) > _MAX_SEGMENT:
        raise ImageError(
            QT_TRANSLATE_NOOP("Errors", "The prompt is too long to embed in a JPEG file.")
        )
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def _jpeg_header(fp: IO[bytes]) -> tuple[list[tuple[int, bytes]], int]:
    """The segments between SOI and the first SOS as (marker, payload), and the offset of the
    SOS marker, from which everything is copied unchanged."""
    segments, scan_start = _jpeg_located_header(fp)
    return [(marker, payload) for marker, payload, _ in segments], scan_start


def _jpeg_located_header(fp: IO[bytes], start: int = 0) -> tuple[list[tuple[int, bytes, int]], int]:
    """:func:`_jpeg_header` of the image whose SOI is at ``start``, each segment with the
    offset of its payload: (marker, payload, offset). Stray bytes between segments (and
    0xFF 0x00, which is no marker) are passed over, as libjpeg and Pillow pass over them:
    they read the segments after them."""
    fp.seek(start + 2)
    segments: list[tuple[int, bytes, int]] = []
    while True:
        byte = fp.read(1)
        while byte and byte != b"\xff":
            byte = fp.read(1)
        while byte == b"\xff":  # fill bytes
            byte = fp.read(1)
        if not byte:
            raise _DamagedError("cut short before the image data")
        marker = byte[0]
        if marker == 0x00:
            continue
        if marker in (0xDA, 0xD9):  # SOS, or EOI of a file without a scan
            return segments, fp.tell() - 2
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            raise _DamagedError("unexpected standalone marker in the header")
        size = fp.read(2)
        if len(size) != 2 or struct.unpack(">H", size)[0] < 2:
            raise _DamagedError("bad segment length")
        length = struct.unpack(">H", size)[0] - 2
        at = fp.tell()
        payload = fp.read(length)
        if len(payload) != length:
            raise _DamagedError("segment cut short")
        segments.append((marker, payload, at))


def _read_jpeg(fp: IO[bytes]) -> Provenance | None:
    segments, _ = _jpeg_header(fp)
    for marker, payload in segments:
        if marker == 0xFE and payload.startswith(JSON_COM_PREFIX):
            text = payload[len(JSON_COM_PREFIX) :].decode("utf-8", "replace")
            return Provenance.from_json(text)
    return None


def _provenance_from_dict(data: dict[str, Any]) -> Provenance | None:
    """The provenance ``data`` holds; None for anything the app never wrote, among it a
    text longer than the prompts it sends (:data:`MAX_PROMPT_CHARS`; the other fields are
    shorter still): a few kilobytes of compressed text chunk carried megabytes of prompt,
    and Restore settings put them in the prompt box, the window standing still for
    seconds at every key."""
    strings = ("prompt", "model", "ratio", "task_id", "app_version", "output_format")
    values = {key: data.get(key, "") for key in strings}
    if not all(
        isinstance(value, str) and len(value) <= MAX_PROMPT_CHARS for value in values.values()
    ):
        return None
    is_edit = data.get("is_edit")
    if not isinstance(is_edit, bool) or not values["prompt"]:
        return None
    return Provenance(is_edit=is_edit, **values)


# --------------------------------------------------------------------------------- WebP

# Chunks that draw a WebP picture; EXIF, "XMP " and unknown chunks are left out of a
# reference sent to KIE, and VP8X's flags for the two are cleared with them.
_WEBP_DRAWING = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
_VP8X_EXIF_AND_XMP = 0x08 | 0x04


def without_webp_metadata(data: bytes) -> bytes:
    """``data`` (a WebP file) without its Exif, XMP and unknown chunks, each drawing chunk
    copied as stored: nothing is re-encoded. A container that cannot be read is left as it
    is, as :func:`without_jpeg_metadata` does."""
    try:
        chunks = _webp_chunks(data)
    except _DamagedError:
        log.warning("a WebP's chunks could not be read", extra={"event": "webp_unread"})
        return data
    kept: list[bytes] = []
    for fourcc, payload in chunks:
        if fourcc not in _WEBP_DRAWING:
            continue
        if fourcc == b"VP8X" and payload:
            payload = bytes((payload[0] & ~_VP8X_EXIF_AND_XMP,)) + payload[1:]
        kept.append(
            fourcc + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) % 2)
        )
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The chunks of a WebP file's RIFF container as (FourCC, payload without padding)."""
    return [(fourcc, data[at:end]) for fourcc, at, end in _webp_located_chunks(data)]


def _webp_located_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """The chunks of a WebP file's RIFF container as (FourCC, where the payload starts,
    where it ends without padding)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise _DamagedError("not a WebP container")
    end = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    at = 12
    while at < end:
        if at + 8 > end:
            raise _DamagedError("chunk header cut short")
        fourcc, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        if at + 8 + size > end:
            raise _DamagedError("chunk cut short")
        yield fourcc, at + 8, at + 8 + size
        at += 8 + size + size % 2


# ---------------------------------------------------------------------------------- GIF

# Application extensions that say how to draw a GIF: how often it loops (NETSCAPE2.0 and
# its older twin ANIMEXTS1.0) and its colour profile (ICCRGBG1012). Every other one (XMP,
# an editor's private data) is left out of a reference sent to KIE, and so are comments;
# graphic control extensions (frame timing, transparency, disposal) and plain text
# extensions (text the GIF draws) are kept.
_GIF_DRAWING_APPS = frozenset({b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"})
_GIF_DRAWING_EXTENSIONS = frozenset({0xF9, 0x01})
_GIF_TRAILER = b"\x3b"
_GIF_NEXT_BLOCK = re.compile(rb"[\x21\x2c\x3b]")
"""What may start a block (an extension, an image, the trailer). Between blocks the app's
decoder passes over any other byte (some encoders write a stray zero there), so the copy
sent passes over it too, rather than ending at it without the frames that follow."""


def without_gif_metadata(data: bytes) -> bytes:
    """``data`` (a GIF file) without its comments and the application extensions that do
    not draw it (XMP, private data), nor what follows its trailer, nor stray bytes between
    blocks; every block kept is copied as stored: nothing is re-encoded. A stream that
    breaks off inside an image is kept up to where it breaks off (the decoder drew that
    much); one that breaks off elsewhere, or in what only looks like an image after stray
    bytes (text a tool appended), ends with a trailer there. A header that cannot be read
    is left as it is, as :func:`without_jpeg_metadata` does."""
    try:
        at = _gif_blocks_start(data)
    except _DamagedError:
        log.warning("a GIF's header could not be read", extra={"event": "gif_unread"})
        return data
    out = [data[:at]]
    while (found := _GIF_NEXT_BLOCK.search(data, at)) is not None:
        after_stray_bytes = found.start() > at
        at = found.start()
        if data[at : at + 1] == _GIF_TRAILER:
            break
        try:
            end, keep = _gif_block(data, at)
        except _DamagedError:
            if data[at] == 0x2C and not after_stray_bytes:  # what the decoder drew stays
                return b"".join((*out, data[at:]))
            break
        if keep:
            out.append(data[at:end])
        at = end
    out.append(_GIF_TRAILER)
    return b"".join(out)


def _gif_blocks_start(data: bytes) -> int:
    """The offset of the first block: after the header, the logical screen descriptor and
    the global colour table."""
    if len(data) < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        raise _DamagedError("not a GIF header")
    at = 13 + _gif_colour_table_size(data[10])
    if at > len(data):
        raise _DamagedError("colour table cut short")
    return at


def _gif_colour_table_size(flags: int) -> int:
    return 3 << ((flags & 0x07) + 1) if flags & 0x80 else 0


def _gif_block(data: bytes, at: int) -> tuple[int, bool]:
    """Where the block at ``at`` ends, and whether it is kept (it draws the picture)."""
    introducer = data[at]
    if introducer == 0x2C:  # an image: its descriptor, colour table and LZW data
        if at + 11 > len(data):
            raise _DamagedError("image descriptor cut short")
        start = at + 10 + _gif_colour_table_size(data[at + 9]) + 1  # + the LZW code size
        return _gif_sub_blocks_end(data, start), True
    if introducer == 0x21 and at + 2 <= len(data):
        label = data[at + 1]
        end = _gif_sub_blocks_end(data, at + 2)
        if label == 0xFF:
            identifier = data[at + 3 : at + 14] if data[at + 2] >= 11 else b""
            return end, identifier in _GIF_DRAWING_APPS
        return end, label in _GIF_DRAWING_EXTENSIONS
    raise _DamagedError("not a block")


def _gif_sub_blocks_end(data: bytes, at: int) -> int:
    """The offset just after the empty sub-block that ends the data sub-blocks at ``at``."""
    while True:
        if at >= len(data):
            raise _DamagedError("data sub-blocks cut short")
        size = data[at]
        at += 1 + size
        if size == 0:
            return at


# ----------------------------------------------------------------------------- location

# An artwork imported into the library keeps its Exif (the orientation a phone photo is
# shown upright by, the artist's copyright and credit) and its XMP, less the GPS position of
# where it was taken and what names the artist's computer and files (Exif's HostComputer and
# DocumentName, the paths Photoshop and Lightroom keep of the files a picture was made from,
# such as "C:\Users\JaneDoe\Clients\Acme\...": the artist's name and their clients'), none
# of which is credit: the library's copy is what a publish sends to a public bucket. Nor is
# the Exif thumbnail (IFD1): an editor often leaves the one of the picture as it was opened,
# before its crop, before a face or a name was painted out; nor are Photoshop's thumbnails
# of it (image resources 0x0409 and 0x040C, in APP13, zeroed in place), nor the XMP's
# (xmp:Thumbnails, xmpGImg:image: base64 JPEGs). The GPS IFD, those fields and the
# thumbnail are taken out of the Exif in place, so the block keeps its length and every
# offset in it (a maker note's) and in the file (an MPO's index of its pictures) stays
# right; those properties of the XMP become spaces, as XMP packets are edited in place. A
# JPEG's extended XMP (Photoshop's, past ~64 KB: where the biggest properties go,
# photoshop:DocumentAncestors first) is put together from its segments,
# edited the same way, and named anew: its GUID, in its segments and in the main packet's
# xmpNote:HasExtendedXMP, is the digest of its text, which readers check. Extended XMP that
# cannot be checked (a portion missing, lengths or the digest that disagree, a GUID no main
# packet names) cannot be edited with confidence, and a lenient reader might still read it,
# so it is blanked, as a damaged Exif block is emptied: each of its segments stays, at its
# length (offsets after it, an MPO's, stay right), spaces after its signature, no GUID.

_EXIF_HEADER = b"Exif\x00"
"""What starts a JPEG's Exif APP1 payload, before its pad byte and the TIFF data; some
writers put it before a WebP's or a PNG's Exif too."""
_GPS_IFD_TAG = 0x8825
_PRIVATE_TAGS = frozenset({0x010D, 0x013C})
"""Exif fields of the picture's IFD left out of an imported artwork's copy, with their
values: DocumentName (the name of the file it was saved from, a path with some writers)
and HostComputer (the name of the computer it was made on, often its owner's)."""
_TIFF_TYPE_SIZES = dict(enumerate((0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4)))
"""The byte size of one value of each TIFF field type: a field whose values take more than 4
bytes keeps them elsewhere in the block, at the offset its entry holds."""
_IFD_CHAIN_MAX = 8
"""How many IFDs (the picture's, the thumbnail's) the chain from the header is followed
through: a crafted chain of thousands ends there."""
_IMAGE_DATA_TAGS = ((0x0201, 0x0202), (0x0111, 0x0117), (0x0144, 0x0145))
"""The fields of an IFD that say where its image is, offsets then lengths:
JPEGInterchangeFormat and its Length (a JPEG thumbnail), StripOffsets and StripByteCounts,
TileOffsets and TileByteCounts (its pixels, in pieces)."""
_EMPTY_TIFF = b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00"
"""An Exif block with no field, what a damaged block is replaced with."""
_PHOTOSHOP_HEADER = b"Photoshop 3.0\x00"
"""What starts a JPEG APP13 segment of Photoshop's image resources."""
_PHOTOSHOP_SIGNATURES = frozenset({b"8BIM", b"PHUT", b"DCSR", b"AgHg", b"MeSa"})
"""What starts an image resource: Photoshop's signature, and those of older writers that
exiftool reads too."""
_PHOTOSHOP_PREVIEWS = frozenset({0x0409, 0x040C})
"""The image resources that hold a thumbnail: Photoshop 4.0's and 5.0's (a JPEG after a
header), which may show the picture as it was opened, before its crop or retouch."""
_JPEG_PICTURES_MAX = 16
"""How many pictures of a JPEG (an MPO's, a gain map) are looked in for Exif."""
_XMP_POSITIONS = {
    b"http://ns.adobe.com/exif/1.0/": rb"GPS[\w.-]*",
    b"http://www.dji.com/drone-dji/1.0/": rb"(?i:gps)[\w.-]*|Latitude|Longitude",
}
"""The names of the XMP properties that say where a photo was taken, by namespace: Exif's
fields (GPSLatitude...: in a photo's own description, or in IPTC's LocationCreated and
LocationShown), and a DJI drone's (GpsLatitude, GpsLongtitude sic, Latitude...), which
exiftool reads as the photo's position too."""
_XMP_PRIVATE = {
    b"http://ns.adobe.com/xap/1.0/sType/ResourceRef#": rb"filePath|lastURL|alternatePaths",
    b"http://ns.adobe.com/photoshop/1.0/": rb"DocumentAncestors",
}
"""The names of the XMP properties that name the artist's files, by namespace: where the
files a picture was made from (placed, derived from, managed) were on their disk
(``stRef:filePath``, ``stRef:alternatePaths``, Illustrator's ``stRef:lastURL``, in
``xmpMM:DerivedFrom``, ``xmpMM:Ingredients``, ``xmpMM:Manifest``), and Photoshop's ids of
every document ever placed in it (``photoshop:DocumentAncestors``: thousands, megabytes
of them, in a file with many smart objects)."""
_XMP_PREVIEWS = {
    b"http://ns.adobe.com/xap/1.0/": rb"Thumbnails",
    b"http://ns.adobe.com/xap/1.0/g/img/": rb"image",
}
"""The names of the XMP properties that hold a preview of the picture, which may show it
before its crop or retouch, by namespace: ``xmp:Thumbnails`` (Illustrator's, Photoshop's,
InDesign's), and the base64 JPEG of any ``xmpGImg:image`` (a thumbnail kept elsewhere)."""
_XMP_LEFT_OUT = {**_XMP_PRIVATE, **_XMP_PREVIEWS}
_XMP_EXTENSION_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
"""What starts a JPEG APP1 segment of extended XMP: the part of an XMP packet past ~64 KB
(Photoshop's ``photoshop:DocumentAncestors`` among it) that a writer moves out of the main
packet into a packet of its own, split over as many segments as it takes. After it come a
GUID (32 upper-case hex digits: the MD5 digest of the whole extended packet), its total
length and the offset of this segment's portion of it (4 bytes each, big-endian), then the
portion. The main packet names the GUID in ``xmpNote:HasExtendedXMP``."""
_EXTENSION_HEAD = len(_XMP_EXTENSION_HEADER) + 32 + 4 + 4
"""Where an extended XMP segment's portion of the packet starts."""
_XMP_NOTE = b"http://ns.adobe.com/xmp/note/"
"""The namespace of ``xmpNote:HasExtendedXMP``."""
_XMP_PREFIX = rb"""xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']%s["']"""
"""Declares the prefix of a namespace."""
_XMP_ANY_PREFIX = rb"([A-Za-z_][\w.-]*)"
"""A prefix of a name in XMP, whichever namespace it was declared for."""
_RAW_EXIF_KEYWORD = "Raw profile type exif"
"""A PNG text chunk in which ImageMagick keeps a converted photo's Exif, as hex digits;
Pillow reads it as the PNG's Exif."""
_RAW_XMP_KEYWORD = "Raw profile type xmp"
"""A PNG text chunk in which ImageMagick 6 keeps a converted photo's XMP, as hex digits;
exiftool reads it as the PNG's XMP."""
_POSITION_TEXT = re.compile(r"(?:exif|xmp):GPS", re.IGNORECASE)
"""Starts the keyword of a PNG text chunk ImageMagick writes one field of a converted
photo's Exif or XMP into ("exif:GPSLatitude", "xmp:GPSAltitude"); Pillow and exiftool
read them."""
_PRIVATE_TEXT = re.compile(
    r"(?:exif|xmp):"
    r"(?:DocumentName|HostComputer|filePath|lastURL|alternatePaths|DocumentAncestors)\b",
    re.IGNORECASE,
)
"""Starts the keyword of such a text chunk of a field of :data:`_PRIVATE_TAGS` or
:data:`_XMP_PRIVATE`."""
_HEX_DIGITS = re.compile(rb"[0-9a-fA-F]")


@dataclass(frozen=True)
class Unlocated:
    """A file whose metadata was changed by :func:`without_location`."""

    data: bytes
    location_removed: bool
    """A GPS position was taken out; False when only the names of the artist's computer and
    files or a thumbnail were, or a damaged Exif block was emptied, or extended XMP that
    could not be checked was blanked."""


_Edit = tuple[int, int, bytes]
"""``data[start:end]`` is to be replaced with these bytes."""
_Kind = Literal["exif", "xmp", "raw exif", "raw xmp"]
"""An Exif block (perhaps after an Exif header), an XMP packet, or ImageMagick's text of an
Exif block or of an XMP packet (:data:`_RAW_EXIF_KEYWORD`, :data:`_RAW_XMP_KEYWORD`)."""


def without_location(data: bytes) -> Unlocated | None:
    """``data`` (a JPEG, PNG or WebP file) with the GPS position taken out of its Exif and its
    XMP, the names of the artist's computer and files (:data:`_PRIVATE_TAGS`,
    :data:`_XMP_PRIVATE`) and the thumbnails of the Exif (:func:`_without_previews`) and of
    a JPEG's Photoshop resources (:func:`_photoshop_previews_in_place`) and of the XMP
    (:data:`_XMP_PREVIEWS`), which may show the picture before it was cropped or
    retouched: everything else in them (the
    orientation, the copyright, the artist's name) and in the file stays as stored, at the
    same offsets (a JPEG and a WebP keep their length; a PNG's compressed text chunk is
    compressed anew, and the text chunks ImageMagick writes single such fields into are
    left out). None when it has none of them (nor a damaged Exif block): the file stays as
    it is, byte for byte.

    A first IFD cut short by the end of its block is read as far as it goes, as lenient
    readers read it. An Exif block whose first IFD cannot be found at all (no TIFF header,
    an offset out of the block) is emptied: no reader the app knows gets anything out of
    it, and one that guessed might find a position. A file whose segments or chunks cannot
    be read is left as it is from there on, as :func:`without_jpeg_metadata` does: its
    pixels were checked already. A JPEG's extended XMP loses them too, under a GUID
    computed anew (:func:`_extended_xmp_in_place`); one that cannot be checked is
    blanked."""
    edits: list[_Edit] = []
    try:
        if data.startswith(PNG_SIGNATURE):
            removed = _png_location(data, edits)
        elif data.startswith(b"\xff\xd8\xff"):
            removed = _jpeg_location(data, edits)
        elif data[:4] == b"RIFF":
            removed = _webp_location(data, edits)
        else:
            return None
    except _Cut as cut:
        log.warning("an image's metadata could not be read", extra={"event": "exif_unfound"})
        removed = cut.removed
    if not edits:
        return None
    out: list[bytes] = []
    at = 0
    for start, end, replacement in sorted(edits):
        out += (data[at:start], replacement)
        at = end
    out.append(data[at:])
    return Unlocated(b"".join(out), removed)


class _Cut(Exception):
    """The file's structure could not be read past some point; what was found before it
    is in the edits, and ``removed`` says whether a position was among it."""

    def __init__(self, removed: bool) -> None:
        super().__init__("the metadata could not be read further")
        self.removed = removed


def _in_place(edits: list[_Edit], data: bytes, start: int, end: int, kind: _Kind) -> bool:
    """Add the edit of the metadata at ``data[start:end]``, in place; whether a position
    was taken out."""
    rewritten, removed = _without_location(data[start:end], kind)
    if rewritten is not None:
        edits.append((start, end, rewritten))
    return removed


def _without_location(payload: bytes, kind: _Kind) -> tuple[bytes | None, bool]:
    """``payload`` without a position, the names of the artist's computer and files nor a
    preview, at the same length, or None when it stays as it is; and whether a position was
    taken out."""
    if kind == "xmp":
        unlocated = _xmp_without(payload, _XMP_POSITIONS)
        private = _xmp_without(unlocated or payload, _XMP_LEFT_OUT)
        return private or unlocated, unlocated is not None
    if kind == "raw exif":
        return _raw_profile_without_location(payload, "exif")
    if kind == "raw xmp":
        return _raw_profile_without_location(payload, "xmp")
    head = len(_EXIF_HEADER) + 1 if payload.startswith(_EXIF_HEADER) else 0
    tiff = payload[head:]
    try:
        unlocated, removed = _tiff_without_location(tiff)
    except _DamagedError:
        log.warning("an Exif block could not be read", extra={"event": "exif_unread"})
        emptied = _EMPTY_TIFF[: len(tiff)].ljust(len(tiff), b"\x00")
        return (None if emptied == tiff else payload[:head] + emptied), False
    return (None, False) if unlocated is None else (payload[:head] + unlocated, removed)


def _jpeg_location(data: bytes, edits: list[_Edit]) -> bool:
    """The Exif and XMP APP1 segments of each picture the file holds, one after another: a
    phone's second picture (an MPO's, an HDR gain map) may have its own, with a position."""
    removed = False
    start = 0
    for _ in range(_JPEG_PICTURES_MAX):
        try:
            segments, scan_start = _jpeg_located_header(io.BytesIO(data), start)
        except _DamagedError as error:
            raise _Cut(removed) from error
        packets: list[tuple[int, bytes]] = []
        extensions: list[tuple[int, bytes]] = []
        resources: list[tuple[int, bytes]] = []
        for marker, payload, at in segments:
            if marker == 0xED and payload.startswith(_PHOTOSHOP_HEADER):
                resources.append((at + len(_PHOTOSHOP_HEADER), payload[len(_PHOTOSHOP_HEADER) :]))
            if marker != 0xE1:
                continue
            if payload.startswith(_EXIF_HEADER):
                removed |= _in_place(edits, data, at, at + len(payload), "exif")
            elif payload.startswith(XMP_APP1_HEADER):
                packets.append((at + len(XMP_APP1_HEADER), payload[len(XMP_APP1_HEADER) :]))
            elif payload.startswith(_XMP_EXTENSION_HEADER):
                extensions.append((at, payload))
        removed |= _jpeg_xmp_in_place(edits, packets, extensions)
        _photoshop_previews_in_place(edits, resources)
        start = _jpeg_image_end(data, scan_start)
        if not data.startswith(b"\xff\xd8\xff", start):
            break
    return removed


def _photoshop_previews_in_place(edits: list[_Edit], pieces: list[tuple[int, bytes]]) -> None:
    """Add the edits that overwrite with zeros the thumbnails (:data:`_PHOTOSHOP_PREVIEWS`)
    among Photoshop's image resources, held by one picture's APP13 segments: ``pieces``, what
    follows the header of each, with its offset. They are read as one, as a set of resources
    too large for one segment goes on in the next (a thumbnail cut in two among them)."""
    starts = list(accumulate((len(piece) for _, piece in pieces), initial=0))
    resources = b"".join(piece for _, piece in pieces)
    for start, end in _photoshop_previews(resources, starts):
        if not resources[start:end].strip(b"\x00"):
            continue  # taken out before
        index = bisect_right(starts, start) - 1
        while start < end:
            at, high = pieces[index][0] - starts[index], min(end, starts[index + 1])
            if high > start:  # not a segment holding its header alone
                edits.append((at + start, at + high, bytes(high - start)))
            start, index = high, index + 1


def _photoshop_previews(resources: bytes, starts: list[int]) -> Iterator[tuple[int, int]]:
    """Where the data of each thumbnail among ``resources`` (Photoshop's image resources:
    a signature, an id, a Pascal name and the data, each of an even length) lies, as
    (start, end); data running past their end is cut there, as Pillow reads it. Where no
    resource is, the walk goes on at the next segment's start (``starts``): what follows a
    set of resources up to its segment's end is read by no one."""
    at = 0
    while at + 7 <= len(resources):
        if resources[at : at + 4] not in _PHOTOSHOP_SIGNATURES:
            at = starts[min(bisect_right(starts, at), len(starts) - 1)]
            continue
        ident = int.from_bytes(resources[at + 4 : at + 6], "big")
        name = 1 + resources[at + 6]
        size_at = at + 6 + name + name % 2
        if size_at + 4 > len(resources):
            return
        size = int.from_bytes(resources[size_at : size_at + 4], "big")
        if ident in _PHOTOSHOP_PREVIEWS:
            yield size_at + 4, min(size_at + 4 + size, len(resources))
        at = size_at + 4 + size + size % 2


def _jpeg_xmp_in_place(
    edits: list[_Edit], packets: list[tuple[int, bytes]], extensions: list[tuple[int, bytes]]
) -> bool:
    """Add the edits of one picture's XMP: its main ``packets`` (each with the offset of its
    text) and its extended XMP segments (``extensions``, each with the offset of its
    payload), the GUIDs of the extended packets changed renamed in the main packets;
    whether a position was taken out."""
    references = [_extended_xmp_references(packet) for _, packet in packets]
    referenced = {guid for found in references for _, guid in found}
    renamed, removed = _extended_xmp_in_place(edits, extensions, referenced)
    for (at, packet), found in zip(packets, references, strict=True):
        rewritten, located = _without_location(packet, "xmp")
        removed |= located
        out = bytearray(rewritten or packet)
        for guid_at, guid in found:
            out[guid_at : guid_at + len(guid)] = renamed.get(guid, guid)
        if out != packet:
            edits.append((at, at + len(packet), bytes(out)))
    return removed


def _extended_xmp_references(packet: bytes) -> list[tuple[int, bytes]]:
    """The GUIDs a main XMP packet names in ``xmpNote:HasExtendedXMP`` (an attribute or an
    element, under whatever prefix it declares for :data:`_XMP_NOTE`), each with its offset
    in ``packet``. The packet is read once, whatever number of prefixes it declares."""
    prefixes = {m.group(1) for m in re.finditer(_XMP_PREFIX % re.escape(_XMP_NOTE), packet)}
    return [
        (match.start(2), match.group(2))
        for match in re.finditer(
            _XMP_ANY_PREFIX + rb""":HasExtendedXMP\s*(?:=\s*["']|>)([0-9A-Fa-f]{32})(?!\w)""",
            packet,
        )
        if match.group(1) in prefixes
    ]


def _extended_xmp_in_place(
    edits: list[_Edit], extensions: list[tuple[int, bytes]], referenced: set[bytes]
) -> tuple[dict[bytes, bytes], bool]:
    """Add the edits of the extended XMP segments (``extensions``), by GUID: a packet a main
    packet names (``referenced``) and whose segments make it up whole (:func:`_extended_xmp`)
    is rewritten without a position nor the names of the artist's files, under the GUID of
    its new text; any other segment is blanked (:func:`_blank_extensions`). The old GUIDs
    with their new ones, and whether a position was taken out."""
    groups: dict[bytes, list[tuple[int, bytes]]] = {}
    for at, payload in extensions:
        guid = payload[len(_XMP_EXTENSION_HEADER) : len(_XMP_EXTENSION_HEADER) + 32]
        groups.setdefault(guid if len(payload) >= _EXTENSION_HEAD else b"", []).append(
            (at, payload)
        )
    renamed: dict[bytes, bytes] = {}
    removed = False
    for guid, group in groups.items():
        packet = _extended_xmp(guid, group) if guid in referenced else None
        if packet is None:
            _blank_extensions(edits, group)
            continue
        rewritten, located = _without_location(packet, "xmp")
        removed |= located
        if rewritten is not None:
            renamed[guid] = _guid(rewritten)
            for at, payload in group:
                edits.append(_renamed_extension(at, payload, rewritten, renamed[guid]))
    return renamed, removed


def _extended_xmp(guid: bytes, segments: list[tuple[int, bytes]]) -> bytes | None:
    """The extended XMP packet the ``segments`` of ``guid`` carry, in the order of their
    offsets; None when they do not make it up whole (a portion missing or overlapping
    another, total lengths that disagree) or it is not the one ``guid`` is the digest of."""
    totals = {_extension_field(payload, 0) for _, payload in segments}
    portions = sorted(
        (_extension_field(payload, 4), payload[_EXTENSION_HEAD:]) for _, payload in segments
    )
    packet = b"".join(portion for _, portion in portions)
    offsets = [offset for offset, _ in portions]
    expected = [0]
    for _, portion in portions[:-1]:
        expected.append(expected[-1] + len(portion))
    if totals != {len(packet)} or offsets != expected:
        return None
    return packet if guid.upper() == _guid(packet) else None


def _guid(packet: bytes) -> bytes:
    """The GUID of an extended XMP packet: the MD5 digest of its text, in upper-case hex."""
    return hashlib.md5(packet, usedforsecurity=False).hexdigest().upper().encode()


def _extension_field(payload: bytes, at: int) -> int:
    """The total length (``at`` 0) or the offset (``at`` 4) an extended XMP segment holds."""
    start = len(_XMP_EXTENSION_HEADER) + 32 + at
    return int(struct.unpack(">I", payload[start : start + 4])[0])


def _renamed_extension(at: int, payload: bytes, packet: bytes, guid: bytes) -> _Edit:
    """The edit of the extended XMP segment whose payload is at ``at``: its GUID ``guid`` and
    its portion of ``packet`` (rewritten at the same length, so its total length and offset
    stay)."""
    offset = _extension_field(payload, 4)
    lengths = payload[_EXTENSION_HEAD - 8 : _EXTENSION_HEAD]
    portion = packet[offset : offset + len(payload) - _EXTENSION_HEAD]
    return at + len(_XMP_EXTENSION_HEADER), at + len(payload), guid + lengths + portion


def _blank_extensions(edits: list[_Edit], segments: list[tuple[int, bytes]]) -> None:
    """Add the edits that turn what follows the signature of each extended XMP segment
    (GUID, lengths, text; each with the offset of its payload) into spaces, but for those
    blanked already."""
    start = len(_XMP_EXTENSION_HEADER)
    blanked = [(at, payload) for at, payload in segments if payload[start:].strip(b" ")]
    if blanked:
        log.warning("an extended XMP could not be read", extra={"event": "xmp_ext_unread"})
    for at, payload in blanked:
        edits.append((at + start, at + len(payload), b" " * (len(payload) - start)))


def _webp_location(data: bytes, edits: list[_Edit]) -> bool:
    removed = False
    kinds: dict[bytes, _Kind] = {b"EXIF": "exif", b"XMP ": "xmp"}
    try:
        for fourcc, start, end in _webp_located_chunks(data):
            if fourcc in kinds:
                removed |= _in_place(edits, data, start, end, kinds[fourcc])
    except _DamagedError as error:
        raise _Cut(removed) from error
    return removed


def _png_location(data: bytes, edits: list[_Edit]) -> bool:
    """The eXIf chunk, the XMP text chunk and ImageMagick's Exif and XMP text chunks: each
    one changed is written anew, with its length and CRC. ImageMagick's text chunks of
    single GPS fields are left out."""
    removed = False
    fp = io.BytesIO(data)
    wanted = {b"eXIf", *_TEXT_CHUNKS}.__contains__
    try:
        for ctype, body, _ in _png_chunks(fp, wanted):
            if body is None:
                continue
            end = fp.tell()
            rewritten, found = _png_chunk_without_location(ctype, body)
            if rewritten is not None:
                edits.append((end - 12 - len(body), end, rewritten))
            removed |= found
    except _DamagedError as error:
        raise _Cut(removed) from error
    return removed


def _png_chunk_without_location(ctype: bytes, body: bytes) -> tuple[bytes | None, bool]:
    """A PNG chunk without a position nor the names of the artist's computer and files,
    written whole with its length and CRC (b"": left out; None: as it is), and whether a
    position was there."""
    keyword = _text_keyword(ctype, body) or ""
    if _POSITION_TEXT.match(keyword):
        return b"", True
    if _PRIVATE_TEXT.match(keyword):
        return b"", False
    rewritten, found = _png_body_without_location(ctype, body)
    if rewritten is None:
        return None, found
    chunk = struct.pack(">I", len(rewritten)) + ctype + rewritten
    return chunk + _crc(ctype + rewritten), found


def _png_body_without_location(ctype: bytes, body: bytes) -> tuple[bytes | None, bool]:
    """A PNG chunk's body without a position (None: as it is), and whether one was there."""
    if ctype == b"eXIf":
        return _without_location(body, "exif")
    keyword = _text_keyword(ctype, body)
    if keyword == XMP_KEYWORD:
        return _png_text_without_location(ctype, body, "xmp")
    if keyword == _RAW_EXIF_KEYWORD:
        return _png_text_without_location(ctype, body, "raw exif")
    if keyword == _RAW_XMP_KEYWORD:
        return _png_text_without_location(ctype, body, "raw xmp")
    return None, False


def _png_text_without_location(ctype: bytes, body: bytes, kind: _Kind) -> tuple[bytes | None, bool]:
    """A tEXt, zTXt or iTXt chunk's body whose text (``kind``: an XMP packet, or
    ImageMagick's hex digits of an Exif block) has no position; compressed anew when it
    was compressed. A text that cannot be read is left as it is."""
    head, text, compressed = _png_text_parts(ctype, body)
    if text is None:
        return None, False
    rewritten, removed = _without_location(text, kind)
    if rewritten is None:
        return None, removed
    return head + (zlib.compress(rewritten) if compressed else rewritten), removed


def _png_text_parts(ctype: bytes, body: bytes) -> tuple[bytes, bytes | None, bool]:
    """A text chunk's body as (what comes before its text, the text as bytes, whether it is
    compressed); the text is None when it cannot be inflated."""
    keyword, _, rest = body.partition(b"\x00")
    if ctype == b"tEXt":
        return keyword + b"\x00", rest, False
    if ctype == b"zTXt":
        head, packed, compressed = keyword + b"\x00" + rest[:1], rest[1:], True
    else:
        language, _, after = rest[2:].partition(b"\x00")
        translated, _, packed = after.partition(b"\x00")
        compressed = rest[:1] == b"\x01"
        head = keyword + b"\x00" + rest[:2] + language + b"\x00" + translated + b"\x00"
    if not compressed:
        return head, packed, False
    try:
        return head, _inflate(packed), True
    except zlib.error:
        return head, None, True


def _raw_profile_without_location(
    text: bytes, kind: Literal["exif", "xmp"]
) -> tuple[bytes | None, bool]:
    """ImageMagick's "Raw profile type exif" or "... xmp" text (a name, a length, then the
    Exif block or XMP packet as hex digits over many lines) without a position: the
    digits are rewritten where they are."""
    digits = [match.start() for match in _HEX_DIGITS.finditer(text)]
    # The name's and the length's digits come first: the block's are the last 2 x length.
    header = text.lstrip(b"\n").split(b"\n", 2)
    try:
        length = int(header[1])
    except (IndexError, ValueError):
        return None, False
    digits = digits[len(digits) - 2 * length :] if 0 < 2 * length <= len(digits) else []
    if not digits:
        return None, False
    block = bytes.fromhex("".join(chr(text[at]) for at in digits))
    rewritten, removed = _without_location(block, kind)
    if rewritten is None:
        return None, removed
    out = bytearray(text)
    for at, char in zip(digits, rewritten.hex().encode(), strict=True):
        out[at] = char
    return bytes(out), removed


def _xmp_without(packet: bytes, properties: dict[bytes, bytes]) -> bytes | None:
    """``packet`` (XMP) with the ``properties`` (:data:`_XMP_POSITIONS`: GPSLatitude,
    GPSLongitude, GPSAltitude...; :data:`_XMP_LEFT_OUT`), attributes or elements, of their
    namespaces under whatever prefix they are declared with, turned into spaces: the
    packet keeps its length, and RDF reads spaces as nothing. None when it has none.

    No look goes past the next tag (``<``), nor an element's past the next tag of one of
    those properties (its own end tag among them): a crafted packet whose tags never end
    was read again to its end from each of them, minutes for 1 MB. The packet is read once
    for each namespace, whatever prefixes it declares for it (:func:`_blank_declared`): a
    crafted one declaring thousands of prefixes was read again for each."""
    out = packet
    for namespace, names in properties.items():
        declared = {m.group(1) for m in re.finditer(_XMP_PREFIX % re.escape(namespace), packet)}
        if not declared:
            continue
        name = _XMP_ANY_PREFIX + rb":(" + names + rb")"
        content = rb"(?:(?!</?[A-Za-z_][\w.-]*:(?:" + names + rb")).)*?"
        end = rb"</\1:\2\s*>"
        for pattern in (
            rb"<" + name + rb"\b[^<>]*(?<!/)>" + content + end,
            rb"<" + name + rb"\b[^<>]*/>",
            rb"\s" + name + rb"""\s*=\s*(?:"[^"]*"|'[^']*')""",
        ):
            out = re.sub(pattern, partial(_blank_declared, declared), out, flags=re.DOTALL)
    return None if out == packet else out


def _blank_declared(declared: set[bytes], match: re.Match[bytes]) -> bytes:
    """``match`` (of a property under any prefix, the prefix its group 1) as spaces when its
    prefix is one of ``declared``, as it is otherwise."""
    return _spaces(match) if match.group(1) in declared else match.group(0)


def _spaces(match: re.Match[bytes]) -> bytes:
    return b" " * len(match.group(0))


def _tiff_without_location(tiff: bytes) -> tuple[bytes | None, bool]:
    """``tiff`` (an Exif block) with its GPS IFD, :data:`_PRIVATE_TAGS` and the IFDs after
    the picture's (:func:`_without_previews`: the thumbnail's) taken out, at the same
    length: their entries removed from their IFD (:func:`_drop_entries`), the link to the
    thumbnail's IFD zeroed, the IFDs, their values and the thumbnail overwritten with zeros;
    None when it has none of them. And whether a GPS IFD was taken out. Raises
    :class:`_DamagedError` when its first IFD cannot be found."""
    endian = {b"II*\x00": "<", b"MM\x00*": ">"}.get(tiff[:4])
    if endian is None or len(tiff) < 8:
        raise _DamagedError("not an Exif block")
    out = bytearray(tiff)
    at = struct.unpack(endian + "I", tiff[4:8])[0]
    picture = _ifd(tiff, at, endian)
    removed = _without_previews(out, tiff, picture.following, at, endian)
    removed |= _without_fields(out, tiff, at, _unlinked(out, at, picture), endian)
    return (None if out == tiff else bytes(out)), removed


def _without_fields(out: bytearray, tiff: bytes, at: int, ifd: _Ifd, endian: str) -> bool:
    """Take the GPS IFD and :data:`_PRIVATE_TAGS` out of ``ifd`` (the picture's, at ``at``)
    in ``out``; whether a GPS IFD was there."""
    gps = [entry for entry in ifd.entries if _entry_tag(entry, endian) == _GPS_IFD_TAG]
    private = [entry for entry in ifd.entries if _entry_tag(entry, endian) in _PRIVATE_TAGS]
    for entry in gps:
        _blank_ifd(out, tiff, struct.unpack(endian + "I", entry[8:12])[0], endian)
    for entry in private:
        _blank_value(out, tiff, entry, endian)
    if gps or private:
        _drop_entries(out, at, ifd, gps + private, endian)
    return bool(gps)


def _unlinked(out: bytearray, at: int, ifd: _Ifd) -> _Ifd:
    """``ifd`` (the picture's, at ``at``) with no IFD after it: the offset of the next one
    zeroed in ``out``."""
    if ifd.following:
        link = at + 2 + 12 * len(ifd.entries)
        out[link : link + 4] = bytes(4)
    return ifd._replace(following=0)


def _without_previews(out: bytearray, tiff: bytes, at: int, picture: int, endian: str) -> bool:
    """Overwrite with zeros in ``out`` the IFDs chained after the picture's (at ``picture``)
    from ``at``: IFD1, the thumbnail's, which an editor often leaves as it was when the
    picture was opened (before its crop, before a face was painted out), and any after it;
    each with its values, its image (:func:`_image_data`) and a GPS IFD it names. The chain
    is followed through :data:`_IFD_CHAIN_MAX` IFDs at most, never back to one already
    blanked nor to the picture's; one out of the block ends it (nothing reads it there).
    Whether a GPS IFD was among them."""
    removed = False
    seen = {picture}
    for _ in range(_IFD_CHAIN_MAX - 1):
        if not at or at in seen:
            break
        try:
            ifd = _ifd(tiff, at, endian)
        except _DamagedError:
            break
        seen.add(at)
        gps = [entry for entry in ifd.entries if _entry_tag(entry, endian) == _GPS_IFD_TAG]
        for entry in gps:
            _blank_ifd(out, tiff, struct.unpack(endian + "I", entry[8:12])[0], endian)
        _blank_ranges(out, _image_data(tiff, ifd, endian))
        _blank_ifd(out, tiff, at, endian)
        removed |= bool(gps)
        at = ifd.following
    return removed


def _image_data(tiff: bytes, ifd: _Ifd, endian: str) -> Iterator[tuple[int, int]]:
    """Where the image of ``ifd`` (a thumbnail: a JPEG, strips or tiles of pixels) lies in
    ``tiff``, as (start, end) pieces; one running past the block's end is cut there, as
    lenient readers read it."""
    values = {
        _entry_tag(entry, endian): _entry_numbers(tiff, entry, endian) for entry in ifd.entries
    }
    for offsets, lengths in _IMAGE_DATA_TAGS:
        pieces = zip(values.get(offsets, []), values.get(lengths, []), strict=False)
        yield from ((start, min(start + length, len(tiff))) for start, length in pieces)


def _entry_numbers(tiff: bytes, entry: bytes, endian: str) -> list[int]:
    """The numbers ``entry`` holds when they are SHORTs or LONGs (in the entry when they fit
    in 4 bytes, at its offset in ``tiff`` otherwise); [] for other types, and for values
    said to run past the block's end."""
    kind, count, offset = struct.unpack(endian + "HII", entry[2:12])
    code = {3: "H", 4: "I"}.get(kind)
    size = _TIFF_TYPE_SIZES.get(kind, 0) * count
    if code is None:
        return []
    if size <= 4:
        data = entry[8 : 8 + size]
    elif offset + size <= len(tiff):
        data = tiff[offset : offset + size]
    else:
        return []
    return list(struct.unpack(f"{endian}{count}{code}", data))


def _blank_ranges(out: bytearray, ranges: Iterable[tuple[int, int]]) -> None:
    """Overwrite the ``ranges`` ((start, end) pairs) of ``out`` with zeros, each byte once
    however many of them overlap: a crafted thumbnail of strips each said to be the whole
    block was otherwise written over again for each, hours for a few MB."""
    reached = 0
    for start, end in sorted(ranges):
        start = max(start, reached)
        if end > start:
            out[start:end] = bytes(end - start)
            reached = end


class _Ifd(NamedTuple):
    entries: list[bytes]
    """Each 12 bytes, as stored."""
    following: int
    """The offset of the next IFD; 0 for none."""
    whole: bool
    """False when the block ends before the entries it says it has: what was read after
    the real ones (values, the next IFD) cannot be told apart from them."""


def _ifd(tiff: bytes, at: int, endian: str) -> _Ifd:
    """The IFD at ``at``. One that says it has more entries than the block holds is read as
    far as it goes, with no next one, as lenient readers (Pillow among them) read it."""
    if at < 8 or at + 2 > len(tiff):
        raise _DamagedError("IFD out of the block")
    count = struct.unpack(endian + "H", tiff[at : at + 2])[0]
    end = at + 2 + 12 * min(count, (len(tiff) - at - 2) // 12)
    entries = [tiff[start : start + 12] for start in range(at + 2, end, 12)]
    whole = len(entries) == count
    has_next = whole and end + 4 <= len(tiff)
    following = struct.unpack(endian + "I", tiff[end : end + 4])[0] if has_next else 0
    return _Ifd(entries, following, whole)


def _drop_entries(out: bytearray, at: int, ifd: _Ifd, dropped: list[bytes], endian: str) -> None:
    """Remove ``dropped`` from ``ifd`` (at ``at``) in ``out``: the entries after them move up,
    the count goes down and zeros fill the end, so nothing else moves. In an IFD that is not
    whole, the entries cannot be moved (some are other data): each dropped one is
    overwritten with zeros where it is, which readers pass over."""
    if not ifd.whole:
        for index, entry in enumerate(ifd.entries):
            if entry in dropped:
                out[at + 2 + 12 * index : at + 14 + 12 * index] = bytes(12)
        return
    kept = [entry for entry in ifd.entries if entry not in dropped]
    rewritten = struct.pack(endian + "H", len(kept)) + b"".join(kept)
    rewritten += struct.pack(endian + "I", ifd.following) if ifd.following else b""
    end = _ifd_end(at, ifd)
    out[at:end] = rewritten.ljust(end - at, b"\x00")


def _entry_tag(entry: bytes, endian: str) -> int:
    return int(struct.unpack(endian + "H", entry[:2])[0])


def _blank_ifd(out: bytearray, tiff: bytes, at: int, endian: str) -> None:
    """Overwrite the IFD at ``at`` (read from ``tiff``) in ``out`` with zeros, with the
    values its entries keep elsewhere in the block; what lies outside the block is passed
    over (nothing reads it there)."""
    try:
        ifd = _ifd(tiff, at, endian)
    except _DamagedError:
        return
    for entry in ifd.entries:
        _blank_value(out, tiff, entry, endian)
    end = _ifd_end(at, ifd)
    out[at:end] = bytes(end - at)


def _blank_value(out: bytearray, tiff: bytes, entry: bytes, endian: str) -> None:
    """Overwrite with zeros in ``out`` the values ``entry`` keeps elsewhere in ``tiff`` (more
    than 4 bytes of them); a value of 4 bytes or fewer is in the entry itself."""
    kind, count, offset = struct.unpack(endian + "HII", entry[2:12])
    size = _TIFF_TYPE_SIZES.get(kind, 0) * count
    if size > 4 and offset + size <= len(tiff):
        out[offset : offset + size] = bytes(size)


def _ifd_end(at: int, ifd: _Ifd) -> int:
    """Where ``ifd`` (at ``at``) ends: after the offset of the next one, when there is one
    (a zero offset after it stays, and still reads as none)."""
    return at + 2 + 12 * len(ifd.entries) + (4 if ifd.following else 0)
