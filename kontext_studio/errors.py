"""One typed error hierarchy for the whole app, and the one place that turns it into words.

Code raises the most specific class; the edges (CLI, window) call :func:`explain` once to get
a message and a "what to do" line for a person. Error text never contains a secret: the
classes are built from server ``msg`` fields, file names and our own words only.
"""

from __future__ import annotations

from dataclasses import dataclass


class KontextError(Exception):
    """Base of every error the app expects and can explain."""

    kind = "error"

    def __init__(self, message: str = "", *, code: int | None = None) -> None:
        super().__init__(message or self.kind)
        self.message = message
        self.code = code


# Input checked before anything reaches the network.
class InputError(KontextError):
    kind = "invalid_input"


class ImageError(InputError):
    kind = "bad_image"


# The KIE service, one class per envelope code family.
class KieError(KontextError):
    kind = "kie_error"
    retryable = False


class AuthError(KieError):
    kind = "auth"


class CreditsError(KieError):
    kind = "credits"


class ContentPolicyError(KieError):
    kind = "content_policy"


class ValidationError(KieError):
    kind = "validation"


class NotFoundError(KieError):
    kind = "not_found"


class RateLimitedError(KieError):
    """429: the request was dropped, nothing was charged."""

    kind = "rate_limited"
    retryable = True


class MaintenanceError(KieError):
    """455: the service is down for maintenance, nothing was charged."""

    kind = "maintenance"
    retryable = True


class ServerError(KieError):
    kind = "server"


class GenerationFailedError(KieError):
    kind = "generation_failed"


class FeatureDisabledError(KieError):
    kind = "feature_disabled"


class UpstreamTimeoutError(KieError):
    kind = "upstream_timeout"


class MalformedReplyError(KieError):
    """The server answered with something that is not KIE's envelope."""

    kind = "malformed_reply"


# Transport: the difference between these two decides whether a job may be sent again.
class NetworkError(KieError):
    """The request provably never reached the server (connection refused, DNS, connect
    timeout): safe to retry, nothing was created."""

    kind = "network"
    retryable = True


class OutcomeUnknownError(KieError):
    """The request may have reached the server but no usable answer came back."""

    kind = "outcome_unknown"


class ExpiredResultError(KieError):
    """A result URL no longer serves the image (KIE keeps results 14 days)."""

    kind = "expired_result"


class JobTimeoutError(KontextError):
    kind = "timeout"


class StorageError(KontextError):
    """Disk full, read-only folder, damaged database."""

    kind = "storage"


class SecretStoreError(KontextError):
    """The keyring is missing or locked."""

    kind = "keyring"


class PublishError(KontextError):
    kind = "publish"


class PublishAuthError(PublishError):
    kind = "publish_auth"


class PublishBucketError(PublishError):
    kind = "publish_bucket"


class PublishNetworkError(PublishError):
    kind = "publish_network"


class PublishCancelledError(PublishError):
    kind = "publish_cancelled"


@dataclass(frozen=True)
class Explanation:
    """What a person reads: what happened, and what to do about it."""

    message: str
    hint: str


_HINTS: dict[str, tuple[str, str]] = {
    "invalid_input": ("The request is not valid.", "Correct the highlighted input and try again."),
    "bad_image": ("This image cannot be used.", "Choose a JPEG, PNG or WebP file that opens."),
    "auth": ("KIE rejected the API key.", "Open Settings and enter a valid KIE API key."),
    "credits": ("Your KIE account has no credits left.", "Top up at kie.ai, then retry."),
    "content_policy": (
        "KIE refused the prompt or image under its content policy.",
        "Rephrase the prompt or use another image.",
    ),
    "validation": ("KIE did not accept the request.", "Check the prompt and options."),
    "not_found": ("KIE does not know this task.", "Generate it again if you still need it."),
    "rate_limited": (
        "KIE is limiting how fast requests can be sent.",
        "Nothing was charged; the job will be sent again shortly.",
    ),
    "maintenance": ("KIE is under maintenance.", "Nothing was charged; try again later."),
    "server": ("KIE reported a server error.", "Retry in a moment."),
    "generation_failed": ("KIE could not generate this image.", "Retry, or change the prompt."),
    "feature_disabled": ("This KIE feature is switched off.", "Try another model or option."),
    "upstream_timeout": ("KIE gave no result in time.", "Retry the job."),
    "malformed_reply": ("KIE sent a reply the app does not understand.", "Retry in a moment."),
    "network": ("KIE cannot be reached.", "Check your internet connection; the job will wait."),
    "outcome_unknown": (
        "The request was sent but no answer came back, so it may or may not have been charged.",
        "Check your KIE logs; resubmit only if no task was created.",
    ),
    "expired_result": (
        "The result link has expired (KIE keeps results 14 days).",
        "Generate the image again.",
    ),
    "timeout": (
        "No result arrived within the time limit.",
        "Check again later: the image may still finish.",
    ),
    "storage": ("The file could not be written.", "Free disk space or choose another folder."),
    "keyring": (
        "The system keyring is not available.",
        "Unlock the keyring, or keep the key for this session only.",
    ),
    "publish": ("Publishing failed.", "Check the R2 settings and retry."),
    "publish_auth": ("R2 rejected the access keys.", "Check the access key ID and secret."),
    "publish_bucket": ("The R2 bucket does not exist.", "Check the bucket name in Settings."),
    "publish_network": ("The R2 endpoint cannot be reached.", "Check the endpoint and network."),
    "publish_cancelled": ("Publishing was cancelled.", "Nothing was left in the bucket."),
    "error": ("Something went wrong.", "Retry; if it keeps happening, see the log folder."),
}


def explain_kind(kind: str, detail: str = "") -> Explanation:
    """Words for an error kind as stored in the ledger, with the server's or our detail."""
    message, hint = _HINTS.get(kind, _HINTS["error"])
    if detail and detail != message:
        message = f"{message} ({detail})"
    return Explanation(message, hint)


def explain(error: BaseException) -> Explanation:
    """Map any error to words for a person. Unknown exceptions get a generic message and
    never their repr (which could carry a URL with a token)."""
    if isinstance(error, KontextError):
        return explain_kind(error.kind, error.message)
    return explain_kind("error")
