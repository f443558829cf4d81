"""Typed requests and replies of the KIE Flux Kontext API (see kie-api.md).

A :class:`GenerateRequest` is frozen the moment the artist presses Generate and stored with the
job, so settings changed later never leak into a queued job.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from decimal import ROUND_DOWN, Decimal
from enum import IntEnum
from typing import Any

from kontext_studio.errors import InputError
from kontext_studio.i18n import QT_TRANSLATE_NOOP

MAX_PROMPT_CHARS = 5000
RATIOS = ("21:9", "16:9", "4:3", "1:1", "3:4", "9:16")
MODELS = ("flux-kontext-pro", "flux-kontext-max")
MODEL_ALIASES = {"pro": "flux-kontext-pro", "max": "flux-kontext-max"}
FORMATS = ("jpeg", "png")
MAX_SAFETY_GENERATE = 6
MAX_SAFETY_EDIT = 2
RESULT_KEPT_S = 14 * 24 * 3600.0
"""How long KIE keeps a task's result (kie-api.md: ``resultImageUrl`` lives 14 days)."""


@dataclass(frozen=True)
class GenerateRequest:
    """Everything one job needs, fixed at creation.

    ``aspect_ratio`` is ``None`` in edit mode to keep the reference's ratio. The reference is a
    local file (``image_path`` + ``image_sha256``); its KIE upload URL is not part of the
    request because uploads expire and are redone.
    """

    prompt: str
    model: str = "flux-kontext-pro"
    aspect_ratio: str | None = "16:9"
    output_format: str = "jpeg"
    enable_translation: bool = True
    prompt_upsampling: bool = False
    safety_tolerance: int = 2
    watermark: str = ""
    image_path: str | None = None
    image_sha256: str | None = None
    image_name: str | None = None  # the artist's file name; image_path is the job's own copy
    image_job: int | None = None
    """The library artwork (its job's number) the reference is, when it was loaded from the
    library (Use as reference): of several results of one prompt, with one title, which one
    an edit came from. Never sent to KIE."""

    @property
    def is_edit(self) -> bool:
        return self.image_path is not None

    def validated(self) -> GenerateRequest:
        """Return the request with whitespace trimmed and safety clamped, or raise
        :class:`InputError` with a reason a person can act on."""
        if not isinstance(self.prompt, str):
            raise InputError(QT_TRANSLATE_NOOP("Errors", "The prompt must be text."))
        prompt = self.prompt.strip()
        if not has_words(prompt):
            raise InputError(QT_TRANSLATE_NOOP("Errors", "The prompt is empty."))
        if not is_unicode(prompt):
            raise InputError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The prompt is not valid text (it holds broken characters)."
                )
            )
        if len(prompt) > MAX_PROMPT_CHARS:
            raise InputError.worded(
                QT_TRANSLATE_NOOP(
                    "Errors", "The prompt has {count} characters; the limit is {limit}."
                ),
                count=len(prompt),
                limit=MAX_PROMPT_CHARS,
            )
        model = checked_model(self.model)
        checked_ratio(self.aspect_ratio)
        if self.aspect_ratio is None and not self.is_edit:
            raise InputError(
                QT_TRANSLATE_NOOP(
                    "Errors", "An aspect ratio is needed when there is no reference image."
                )
            )
        if self.output_format not in FORMATS:
            raise InputError.worded(
                QT_TRANSLATE_NOOP("Errors", "Unknown output format “{format}”; use jpeg or png."),
                format=str(self.output_format),
            )
        limit = MAX_SAFETY_EDIT if self.is_edit else MAX_SAFETY_GENERATE
        try:
            safety = min(max(int(self.safety_tolerance), 0), limit)
        except (TypeError, ValueError) as error:
            raise InputError(
                QT_TRANSLATE_NOOP("Errors", "The safety tolerance must be a whole number.")
            ) from error
        return GenerateRequest(
            prompt=prompt,
            model=model,
            aspect_ratio=self.aspect_ratio,
            output_format=self.output_format,
            enable_translation=bool(self.enable_translation),
            prompt_upsampling=bool(self.prompt_upsampling),
            safety_tolerance=safety,
            watermark=self.watermark.strip(),
            image_path=self.image_path,
            image_sha256=self.image_sha256,
            image_name=self.image_name,
            image_job=self.image_job,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> GenerateRequest:
        """The request stored as ``text``; ValueError (or TypeError, a field missing) for
        one that is none, as callers of a damaged row expect: JSON that is no object
        ("null", left by another program) raised AttributeError, which none of them catch."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a stored request is a JSON object")
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def body(self, input_image_url: str | None = None) -> dict[str, Any]:
        """The JSON body of ``POST /api/v1/flux/kontext/generate``, exact field names."""
        body: dict[str, Any] = {
            "prompt": self.prompt,
            "model": self.model,
            "outputFormat": self.output_format,
            "enableTranslation": self.enable_translation,
            "promptUpsampling": self.prompt_upsampling,
            "safetyTolerance": self.safety_tolerance,
        }
        if self.aspect_ratio is not None:
            body["aspectRatio"] = self.aspect_ratio
        if self.watermark:
            body["watermark"] = self.watermark
        if input_image_url is not None:
            body["inputImage"] = input_image_url
            body["safetyTolerance"] = min(self.safety_tolerance, MAX_SAFETY_EDIT)
        return body


class SuccessFlag(IntEnum):
    GENERATING = 0
    SUCCESS = 1
    CREATE_FAILED = 2
    GENERATE_FAILED = 3


@dataclass(frozen=True)
class TaskRecord:
    """A parsed ``record-info`` reply. Unknown fields are ignored; missing ones are None."""

    task_id: str
    success_flag: SuccessFlag
    result_url: str | None = None
    origin_url: str | None = None
    error_code: int | None = None
    error_message: str = ""
    created_at: datetime | None = None
    completed_at: datetime | None = None
    params: dict[str, Any] | None = None

    @property
    def is_terminal(self) -> bool:
        return self.success_flag != SuccessFlag.GENERATING


@dataclass(frozen=True)
class UploadedFile:
    """A file on KIE's upload host; ``download_url`` is what ``inputImage`` takes."""

    download_url: str
    file_path: str = ""
    file_size: int | None = None
    mime_type: str = ""


def parse_timestamp(value: Any) -> datetime | None:
    """KIE sends ISO strings per its docs and epoch numbers (s or ms) per one SDK."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            seconds = value / 1000 if value > 1e11 else value
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 20:
            return parse_timestamp(int(text))
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def shown_balance(balance: float) -> str:
    """A credit balance as a person reads it: KIE's may carry decimals (kie-api.md), shown to
    the cent and cut, never rounded up (4.96 as "5" would seem enough for a 5-credit job KIE
    refuses). Cut from its own decimal digits (``repr``), so 0.29 is not 0.28 for the float
    just below it."""
    cents = Decimal(repr(balance)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    text = f"{cents:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def has_words(text: str) -> bool:
    """True when ``text`` shows anything: a prompt of spaces, zero-width or control characters
    (U+200B pasted from a web page) would otherwise be sent, and charged for."""
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)


MIN_KEY_CHARS = 8
"""Shorter is a paste cut short, not a key; and the key is cut out of every reply KIE sends
(it may echo it), which a key of a letter or two would turn into nonsense."""

MAX_KEY_CHARS = 4096
"""Longer is no key but a whole file pasted or piped in: a 66 MB line was stored as the key,
and ``key set < /dev/zero`` read on forever. Far above any key, so that none is refused;
``key set`` reads no more than a few characters past it."""


def is_unicode(text: str) -> bool:
    """False for a str holding lone surrogates (bytes that were not UTF-8), which can be
    neither sent as JSON nor stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def checked_model(name: str) -> str:
    """The model ``name`` (or its alias, ``pro`` or ``max``) stands for, or :class:`InputError`."""
    model = MODEL_ALIASES.get(name, name)
    if model not in MODELS:
        raise InputError.worded(
            QT_TRANSLATE_NOOP("Errors", "Unknown model “{model}”; use pro or max."), model=str(name)
        )
    return model


def checked_ratio(ratio: str | None) -> None:
    """:class:`InputError` unless ``ratio`` is one KIE takes (or ``None``: none chosen)."""
    if ratio is not None and ratio not in RATIOS:
        raise InputError.worded(
            QT_TRANSLATE_NOOP("Errors", "Unknown aspect ratio “{ratio}”; use {ratios}."),
            ratio=str(ratio),
            ratios=RATIOS,
        )
