"""Pictures for simulated results: they make the request visible instead of imitating art.

A text-to-image result is a soft abstract composition whose colours and shapes follow from a
hash of the prompt (the same prompt gives the same picture), with the prompt, ratio and model
written on it. An edit visibly transforms the input (mirror, hue shift, posterize) and writes
the prompt on it. Sizes follow Flux: about one megapixel, sides in multiples of 32.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import io
import logging
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

logger = logging.getLogger(__name__)

SIDE_STEP = 32
MEGAPIXEL = 1024 * 1024
MAX_TEXT_CHARS = 300
MAX_TEXT_LINES = 5
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}

# Noto Sans CJK covers Latin and Chinese, so it comes first; the rest are common fallbacks.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def size_for_ratio(ratio: str, megapixels: float = 1.0) -> tuple[int, int]:
    """Width and height for ``"w:h"`` at about ``megapixels``, both multiples of 32."""
    across, down = (int(part) for part in ratio.split(":"))
    return _snap(across / down, megapixels)


def _snap(aspect: float, megapixels: float) -> tuple[int, int]:
    pixels = max(megapixels, 0.01) * MEGAPIXEL
    width = math.sqrt(pixels * aspect)
    height = math.sqrt(pixels / aspect)
    return _multiple(width), _multiple(height)


def _multiple(value: float) -> int:
    return max(SIDE_STEP, round(value / SIDE_STEP) * SIDE_STEP)


def render_text_to_image(
    prompt: str,
    ratio: str,
    model: str,
    output_format: str,
    megapixels: float = 1.0,
    *,
    variation: str = "",
) -> bytes:
    """An encoded picture for a text-to-image task; each ``variation`` (the task id) of one
    prompt is another picture, as four images of one prompt are from KIE."""
    size = size_for_ratio(ratio, megapixels)
    image = _composition(_seed(prompt, variation), size)
    footer = f"{ratio} · {model} · {size[0]}×{size[1]} · simulated"
    _caption(image, prompt, footer)
    return encode(image, output_format)


def render_edit(
    source: bytes,
    prompt: str,
    ratio: str | None,
    model: str,
    output_format: str,
    megapixels: float = 1.0,
    *,
    variation: str = "",
) -> bytes:
    """An encoded picture for an edit task: the input transformed, cropped to ``ratio`` or,
    without one, kept at the input's own ratio. Raises ``OSError`` if ``source`` is no image."""
    with Image.open(io.BytesIO(source)) as opened:
        picture = ImageOps.exif_transpose(opened).convert("RGB")
    if ratio is None:
        size = _snap(picture.width / picture.height, megapixels)
        picture = picture.resize(size, Image.Resampling.BICUBIC)
    else:
        size = size_for_ratio(ratio, megapixels)
        picture = ImageOps.fit(picture, size, Image.Resampling.BICUBIC)
    picture = _transform(picture, _seed(prompt, variation))
    footer = f"edit · {ratio or 'input ratio'} · {model} · {size[0]}×{size[1]} · simulated"
    _caption(picture, prompt, footer)
    return encode(picture, output_format)


def probe(data: bytes) -> tuple[int, int] | None:
    """The pixel size of encoded image bytes, or None when they are not an image Pillow reads."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


def encode(image: Image.Image, output_format: str) -> bytes:
    buffer = io.BytesIO()
    if output_format == "png":
        image.save(buffer, "PNG", compress_level=3)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _seed(prompt: str, variation: str) -> int:
    material = f"{prompt}\0{variation}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.sha256(material).digest()[:8], "big")


def _palette(rng: random.Random, count: int) -> list[tuple[int, int, int]]:
    base = rng.random()
    colours = []
    for index in range(count):
        hue = (base + index * rng.uniform(0.08, 0.3)) % 1.0
        red, green, blue = colorsys.hsv_to_rgb(hue, rng.uniform(0.35, 0.8), rng.uniform(0.55, 1.0))
        colours.append((int(red * 255), int(green * 255), int(blue * 255)))
    return colours


def _composition(seed: int, size: tuple[int, int]) -> Image.Image:
    """Paint at a quarter of the size, blur, then upscale: soft shapes at little cost."""
    rng = random.Random(seed)
    small = (max(size[0] // 4, 8), max(size[1] // 4, 8))
    colours = _palette(rng, 6)
    gradient = Image.radial_gradient("L") if rng.random() < 0.3 else Image.linear_gradient("L")
    mask = gradient.transpose(rng.choice(list(Image.Transpose))).resize(small)
    canvas = Image.composite(
        Image.new("RGB", small, colours[0]), Image.new("RGB", small, colours[1]), mask
    ).convert("RGBA")
    layer = Image.new("RGBA", small, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(5, 9)):
        colour = rng.choice(colours[2:])
        alpha = rng.randint(70, 170)
        centre = (rng.uniform(0, small[0]), rng.uniform(0, small[1]))
        radius = rng.uniform(0.08, 0.35) * min(small)
        box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)
        if rng.random() < 0.6:
            draw.ellipse(box, fill=(*colour, alpha))
        else:
            sides = rng.randint(3, 6)
            draw.regular_polygon((*centre, radius), sides, rng.uniform(0, 360), (*colour, alpha))
    canvas = Image.alpha_composite(canvas, layer.filter(ImageFilter.GaussianBlur(2)))
    return canvas.convert("RGB").resize(size, Image.Resampling.BICUBIC)


def _transform(picture: Image.Image, seed: int) -> Image.Image:
    """Mirror, shift the hue and posterize: an obvious, deterministic change."""
    shift = 60 + seed % 120
    hue, saturation, value = picture.convert("HSV").split()
    hue = hue.point(lambda level: (level + shift) % 256)
    shifted = Image.merge("HSV", (hue, saturation, value)).convert("RGB")
    return ImageOps.posterize(ImageOps.mirror(shifted), 4)


def _caption(image: Image.Image, prompt: str, footer: str) -> None:
    """Write the wrapped prompt and a footer on a translucent band at the bottom."""
    width, height = image.size
    text_size = max(12, min(width, height) // 24)
    font = _font(text_size)
    small = _font(max(10, text_size * 2 // 3))
    margin = text_size
    lines = _wrap(prompt.strip() or "(empty prompt)", font, width - 2 * margin)
    line_height = int(text_size * 1.3)
    band = line_height * len(lines) + int(text_size * 1.2) + 2 * margin
    top = max(0, height - band)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).rectangle((0, top, width, height), fill=(0, 0, 0, 140))
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert(image.mode))
    draw = ImageDraw.Draw(image)
    y = top + margin
    for line in lines:
        draw.text((margin, y), line, fill=(255, 255, 255), font=font)
        y += line_height
    draw.text((margin, y), footer, fill=(220, 220, 220), font=small)


def _wrap(text: str, font: Font, max_width: int) -> list[str]:
    """Greedy wrap that breaks at spaces where it can and between characters where it must
    (Chinese has no spaces); long prompts end in an ellipsis."""
    text = " ".join(text.split())
    truncated = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    lines: list[str] = []
    line = ""
    for char in text:
        candidate = line + char
        if font.getlength(candidate) <= max_width or not line:
            line = candidate
            continue
        head, space, tail = line.rpartition(" ")
        if space and head:
            lines.append(head)
            line = tail + char
        else:
            lines.append(line)
            line = char.lstrip()
    if line:
        lines.append(line)
    if len(lines) > MAX_TEXT_LINES or truncated:
        lines = lines[:MAX_TEXT_LINES]
        lines[-1] = lines[-1][: max(len(lines[-1]) - 1, 0)] + "…"
    return lines


@functools.lru_cache(maxsize=32)
def _font(size: int) -> Font:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                logger.debug("font %s unusable", candidate)
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ImportError):
        return ImageFont.load_default()
