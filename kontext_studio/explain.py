"""The one place an error becomes words a person reads: what happened, and what to do.

The edges (CLI, window) call :func:`explain` once for an error they meet, or
:func:`explain_kind` for one kept with a job by its kind, and show the :class:`Explanation`.
The words are marked for the catalogue under the context ``Errors`` and translated where
they are shown; a job keeps its detail as :func:`stored_words` say, read back by
:func:`stored_detail` in the language installed then.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any, TypeGuard, TypeVar

from kontext_studio import desktop
from kontext_studio.desktop import Desktop
from kontext_studio.errors import (
    CERTIFICATE_OUT_OF_DATE,
    CERTIFICATE_OUT_OF_DATE_BEFORE,
    LINK_REFUSED,
    NO_TASK_ID,
    SERVER_TROUBLE,
    SET_THE_CLOCK,
    UNREADABLE,
    AuthError,
    ContentPolicyError,
    CreditsError,
    DamagedImageError,
    DamagedResultError,
    EmptyImageError,
    ExpiredResultError,
    FeatureDisabledError,
    FolderNotImageError,
    GenerationFailedError,
    ImageError,
    ImageLeftInTrashError,
    ImageMissingError,
    ImageTooLargeError,
    ImageTrashedError,
    ImageUnreadableError,
    InternalError,
    KeyringUnavailableError,
    KieAddressError,
    KieError,
    KontextError,
    MaintenanceError,
    MalformedReplyError,
    NetworkError,
    NotAnImageError,
    NotFoundError,
    OutcomeUnknownError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    PublishError,
    PublishNotSetUpError,
    PublishSecretUnreadableError,
    RateLimitedError,
    Reason,
    Refusal,
    ReplyCutError,
    ResultDownloadError,
    ServerError,
    Term,
    TrashError,
    UploadRefusedError,
    UpstreamTimeoutError,
    ValidationError,
    Value,
    fill_values,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP, english, translate, translating
from kontext_studio.jobs.notes import DEMO_NOTES, SENDING_BROKEN_NOTE, SENDING_STOPPED_NOTE

_CONTEXT = "Errors"


@dataclass(frozen=True)
class Explanation:
    """What a person reads: what happened, and what to do about it."""

    message: str
    hint: str

    def sentences(self) -> str:
        """Both in one line (a summary, stderr), joined as the installed language joins two
        sentences (Chinese without a space); the message alone when there is no hint."""
        return _sentences(self.message, self.hint) if self.hint else self.message

    def lines(self) -> str:
        """The message, then the hint on a line of its own (a label, a dialog); no empty
        second line when there is no hint (a refusal says all in its message)."""
        return f"{self.message}\n{self.hint}" if self.hint else self.message


def join_sentences(*parts: str) -> str:
    """The sentences ``parts`` (empty ones left out) in one line, as the installed language
    joins sentences: Chinese without a space after "。"."""
    said = [part for part in parts if part]
    return reduce(_sentences, said) if said else ""


def sentence_gap() -> str:
    """What the installed language puts between two sentences in one line: a space, none
    in Chinese (after "。"), as :func:`join_sentences` joins them."""
    return _sentences("", "")


_CAUSE = QT_TRANSLATE_NOOP("Errors", "Cause: {cause}.")
# How a sentence ends, in either language, before any closing quote after it. Not before a
# closing bracket: a question in brackets at a detail's end ("(is a proxy … in the way?)")
# ends no sentence, which goes on after it to its full stop.
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")
_CLOSING = '’"」』'


def detail_sentence(detail: str) -> str:
    """``detail`` (what exactly went wrong: R2's refusal, a file's name, KIE's words) as a
    sentence to follow its message: one already (KIE's words in quotes, "The system keyring
    is locked.") as it is, a clause as the cause ("Cause: they do not give access to bucket
    'art'."). Before, it came in brackets after the message's full stop: a sentence's own
    full stop inside them, and brackets in brackets for a detail with its own."""
    quoted = detail.endswith("”") and not detail[:1].islower()  # KIE_SAID, DEMO_SAID
    if quoted or detail.rstrip(_CLOSING).endswith(_SENTENCE_ENDS):
        return detail
    return translate(_CONTEXT, _CAUSE).format(cause=detail)


def with_detail(message: str, detail: str) -> str:
    """``message``, then ``detail`` in a sentence of its own (:func:`detail_sentence`), as
    the installed language joins sentences: the one form of every banner, bar, notification
    and command line that says an error's detail."""
    return join_sentences(message, detail_sentence(detail))


def _sentences(first: str, second: str) -> str:
    """Two sentences in one line, as the installed language joins them."""
    return translate(_CONTEXT, QT_TRANSLATE_NOOP("Errors", "{message} {hint}")).format(
        message=first, hint=second
    )


@dataclass(frozen=True)
class Facts:
    """What is known of the job an error stopped, beyond its kind, that decides what is true
    to say of it (:func:`explain_kind`); an error met outside a job knows none of them but
    the mode."""

    demo: bool = False
    """Demo mode: "KIE" is the simulator on this computer."""
    uploaded: bool = False
    """The job's reference image went to KIE's upload service (uploads are free)."""
    charged: bool = False
    """KIE made the job's task, and charged it."""
    made: bool = False
    """KIE made the job's image: its result's link is known. A task KIE took may not have
    its image yet (a job timed out while KIE could not be asked about it): "KIE had already
    made this image" is said only of one whose image it made."""
    hint: str = ""
    """What to do that the error which stopped the job said itself, in the installed
    language (:func:`stored_hint` of ``Snapshot.error_words``): said in place of its kind's
    words, which a cause can make wrong (a wrong clock is not mended by checking the
    internet connection)."""
    deleted_early: bool = False
    """Its server said the job's result is deleted before the days it keeps results were
    over: "KIE keeps results 14 days" is no reason for a job a few minutes old."""
    link_refused: bool = False
    """Its server turned down a new link to the job's result (download-url's 422 in its
    envelope, its words the detail): no link has expired, and nothing says it is deleted."""
    result_gone: bool = False
    """Its server's word leaves no link to the job's result (a second refusal of a new
    link, or its word that the result is deleted): no Retry fetches it."""
    tried_again: bool = False
    """The engine tries to fetch the job's result again by itself, free, while its server
    keeps it (``Snapshot.tried_by_itself``): what stopped it last (a damaged download, the
    rate limit, no network) is said, and that the tries go on."""


NO_FACTS = Facts()


# The words for each kind, marked for lupdate (context "Errors") and translated where they
# are shown (explain_kind): the English text here is also what an untranslated app shows.
_HINTS: dict[str, tuple[str, str]] = {
    "invalid_input": (
        QT_TRANSLATE_NOOP("Errors", "The request is not valid."),
        QT_TRANSLATE_NOOP("Errors", "Correct it and try again."),
    ),
    "bad_image": (
        QT_TRANSLATE_NOOP("Errors", "This image cannot be used."),
        # No formats here: the Upload tab and the reference slot accept different ones, and
        # a refused format's message names those of the place that refused it.
        QT_TRANSLATE_NOOP("Errors", "Choose another image, one that opens in other apps."),
    ),
    # The message and hint name the trash the way this system does: _image_trashed.
    "image_trashed": ("", ""),
    "image_left_in_trash": ("", ""),
    "artwork_being_deleted": (
        QT_TRANSLATE_NOOP("Errors", "This artwork is being deleted, so it was not published."),
        QT_TRANSLATE_NOOP(
            "Errors", "If it is still in the library once the Delete has ended, publish it again."
        ),
    ),
    "image_missing": (
        QT_TRANSLATE_NOOP("Errors", "The image file is missing."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Check the file's name and folder; if it was moved or deleted outside Kontext "
            "Studio, put it back where it was.",
        ),
    ),
    "image_unreadable": (
        QT_TRANSLATE_NOOP("Errors", "The image file cannot be read."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Check that you are allowed to read it (and that no other program has it locked), "
            "then try again.",
        ),
    ),
    "image_too_large": (
        QT_TRANSLATE_NOOP("Errors", "This image is too large."),
        QT_TRANSLATE_NOOP(
            "Errors", "Scale it down, or save it smaller (as JPEG, say), and try again."
        ),
    ),
    "folder_unreadable": (
        QT_TRANSLATE_NOOP("Errors", "This folder cannot be read."),
        QT_TRANSLATE_NOOP(
            "Errors", "Check that you are allowed to open it, or choose the files instead."
        ),
    ),
    "too_many_files": (
        QT_TRANSLATE_NOOP("Errors", "There are too many files to add at once."),
        QT_TRANSLATE_NOOP("Errors", "Add a smaller folder, or choose the files you want."),
    ),
    "folder_too_large": (
        QT_TRANSLATE_NOOP("Errors", "This folder has too many files to look through."),
        QT_TRANSLATE_NOOP("Errors", "Add a smaller folder, or choose the files you want."),
    ),
    "drop_full": (
        QT_TRANSLATE_NOOP("Errors", "This folder would bring too many images at once."),
        QT_TRANSLATE_NOOP("Errors", "Add it in another go, once the others are in the library."),
    ),
    "no_images": (
        QT_TRANSLATE_NOOP("Errors", "There are no images to add in this folder."),
        QT_TRANSLATE_NOOP(
            "Errors", "JPEG, PNG and WebP files are added; hidden files are left out."
        ),
    ),
    "auth": (
        QT_TRANSLATE_NOOP("Errors", "KIE rejected the API key."),
        QT_TRANSLATE_NOOP("Errors", "Open Settings and enter a valid KIE API key."),
    ),
    "credits": (
        QT_TRANSLATE_NOOP("Errors", "Your KIE account does not have enough credits for this job."),
        QT_TRANSLATE_NOOP("Errors", "Top up at kie.ai, then retry."),
    ),
    "content_policy": (
        QT_TRANSLATE_NOOP("Errors", "KIE refused the prompt or image under its content policy."),
        QT_TRANSLATE_NOOP("Errors", "Rephrase the prompt or use another image."),
    ),
    "validation": (
        QT_TRANSLATE_NOOP("Errors", "KIE did not accept the request."),
        QT_TRANSLATE_NOOP("Errors", "Check the prompt and options."),
    ),
    "not_found": (
        QT_TRANSLATE_NOOP("Errors", "KIE does not know this task."),
        QT_TRANSLATE_NOOP("Errors", "Generate it again if you still need it."),
    ),
    # A 429 or a 455 drops the one request that met it: said of that request, not of the
    # job, which may have been charged for an earlier send (Resubmitted after one whose
    # outcome is unknown).
    "rate_limited": (
        QT_TRANSLATE_NOOP("Errors", "KIE is limiting how fast requests can be sent."),
        QT_TRANSLATE_NOOP(
            "Errors", "KIE did not take this request, so it was not charged; retry in a minute."
        ),
    ),
    "maintenance": (
        QT_TRANSLATE_NOOP("Errors", "KIE is under maintenance."),
        QT_TRANSLATE_NOOP(
            "Errors", "KIE did not take this request, so it was not charged; try again later."
        ),
    ),
    "server": (
        QT_TRANSLATE_NOOP("Errors", "KIE reported a server error."),
        QT_TRANSLATE_NOOP("Errors", "Retry in a moment."),
    ),
    # The upload of a job's reference: its detail says what the upload service did (refused
    # it, or its answer stopped before it was complete). Nothing of the job was sent.
    "upload_refused": (
        QT_TRANSLATE_NOOP("Errors", "The reference image could not be uploaded to KIE."),
        QT_TRANSLATE_NOOP("Errors", "Retry in a moment."),
    ),
    # An envelope code KIE does not document, or a refusal no other kind names (a bare 4xx
    # page, a refused upload): KIE's words, when it gave any, follow as KIE's.
    "kie_error": (
        QT_TRANSLATE_NOOP("Errors", "KIE reported an error."),
        QT_TRANSLATE_NOOP("Errors", "Retry; if it keeps happening, see the log folder."),
    ),
    "generation_failed": (
        QT_TRANSLATE_NOOP("Errors", "KIE could not generate this image."),
        QT_TRANSLATE_NOOP("Errors", "Retry, or change the prompt."),
    ),
    "feature_disabled": (
        QT_TRANSLATE_NOOP("Errors", "This KIE feature is switched off."),
        # 505: KIE may switch it back on, and Retry then sends the job as it was.
        QT_TRANSLATE_NOOP(
            "Errors",
            "KIE may switch it back on: Retry then sends the job as it was. Until then, use "
            "another model or option.",
        ),
    ),
    "upstream_timeout": (
        QT_TRANSLATE_NOOP("Errors", "KIE gave no result in time."),
        QT_TRANSLATE_NOOP("Errors", "Retry the job."),
    ),
    "malformed_reply": (
        QT_TRANSLATE_NOOP("Errors", "KIE sent a reply the app does not understand."),
        QT_TRANSLATE_NOOP("Errors", "Retry in a moment."),
    ),
    "network": (
        QT_TRANSLATE_NOOP("Errors", "KIE cannot be reached."),
        QT_TRANSLATE_NOOP("Errors", "Check your internet connection, then retry."),
    ),
    # KIE was reached: its answer began, then stopped, cut off or timed out
    # (ReplyCutError); the detail says which, and these words are true of both.
    "reply_cut": (
        QT_TRANSLATE_NOOP("Errors", "KIE’s answer stopped before it was complete."),
        QT_TRANSLATE_NOOP(
            "Errors", "Retry in a moment; if it keeps happening, check your internet connection."
        ),
    ),
    "result_download": (
        QT_TRANSLATE_NOOP("Errors", "The finished image could not be downloaded."),
        QT_TRANSLATE_NOOP(
            "Errors", "Check your internet connection, then retry: downloading it again is free."
        ),
    ),
    "kie_address": (
        QT_TRANSLATE_NOOP("Errors", "The address Kontext Studio is set to reach KIE at is wrong."),
        # After what reached KIE of the job (_ADDRESS_REACHED).
        QT_TRANSLATE_NOOP(
            "Errors",
            "Make the environment variable named here a full address starting with https:// "
            "(or remove it to use KIE's own), then start Kontext Studio again.",
        ),
    ),
    "tls_setup": (
        QT_TRANSLATE_NOOP(
            "Errors", "Kontext Studio cannot read the certificates it checks KIE's identity with."
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "This request was not sent, so it was not charged. If the environment variable "
            "SSL_CERT_FILE or SSL_CERT_DIR is set, make it name a readable certificate file or "
            "folder (or remove it), then start Kontext Studio again.",
        ),
    ),
    "outcome_unknown": (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The request was sent but no answer came back, so it may or may not have been charged.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Look for it in the logs of your account on kie.ai: if its task is there, give the "
            "job its task ID; resubmit only if no task was created.",
        ),
    ),
    "expired_result": (
        QT_TRANSLATE_NOOP("Errors", "The result link has expired (KIE keeps results 14 days)."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Retry asks KIE for it again, free, for 14 days after the job was made; after "
            "that, generate it again as a new job (Reuse settings loads its prompt and "
            "options), which is charged again.",
        ),
    ),
    "damaged_result": (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The finished image did not arrive whole (the download was cut off, or the "
            "network sent a sign-in page instead).",
        ),
        QT_TRANSLATE_NOOP(
            "Errors", "Check your internet connection, then retry: downloading it again is free."
        ),
    ),
    "timeout": (
        QT_TRANSLATE_NOOP("Errors", "No result arrived within the time limit."),
        QT_TRANSLATE_NOOP("Errors", "Check again later: the image may still finish."),
    ),
    "internal": (
        QT_TRANSLATE_NOOP("Errors", "Kontext Studio stopped this job after an internal error."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Retry it: a job KIE has started is checked again, not paid twice. "
            "The log folder has the details.",
        ),
    ),
    "keyring": (
        QT_TRANSLATE_NOOP("Errors", "The system keyring cannot be used."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Unlock the keyring (or start one, such as GNOME Keyring or KWallet) and try again; "
            "or set the key in the KIE_API_KEY environment variable instead.",
        ),
    ),
    "keyring_damaged": (
        QT_TRANSLATE_NOOP("Errors", "The system keyring holds a damaged entry."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Store the secret again (in Settings): it replaces the damaged entry.",
        ),
    ),
    "storage": (
        QT_TRANSLATE_NOOP("Errors", "The file could not be written."),
        QT_TRANSLATE_NOOP("Errors", "Free disk space or choose another folder."),
    ),
    "file_read_only": (
        QT_TRANSLATE_NOOP("Errors", "A file Kontext Studio saves to cannot be changed."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Allow changes to the file named here (turn off its read-only setting, or close "
            "the program that has it open), then try again.",
        ),
    ),
    "broken_link": (
        QT_TRANSLATE_NOOP("Errors", "A file Kontext Studio saves to is a link that leads nowhere."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Put the file it links to back where the link says, or delete the link to save "
            "to a new file in its place, then try again.",
        ),
    ),
    "file_is_folder": (
        QT_TRANSLATE_NOOP("Errors", "A file Kontext Studio saves to is a folder."),
        QT_TRANSLATE_NOOP("Errors", "Move or rename the folder named here, then try again."),
    ),
    "file_unreadable": (
        QT_TRANSLATE_NOOP(
            "Errors", "A file with your own presets or prompts could not be read just now."
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "It was left as it is. Close any program that may have it open (a sync client or "
            "an antivirus), and check that the file can be opened, then try again.",
        ),
    ),
    "relative_file_path": (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The library was left as it was: an image was named without the folders it is in.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "This is a mistake of the program that wrote it, not of yours: please report it. "
            "The log folder has the details.",
        ),
    ),
    # The message names the trash the way this system does: _trash_refused.
    "trash": (
        "",
        QT_TRANSLATE_NOOP("Errors", "Delete it for good, or keep it in the library."),
    ),
    "folder": (
        QT_TRANSLATE_NOOP("Errors", "A folder Kontext Studio needs cannot be used."),
        QT_TRANSLATE_NOOP(
            "Errors", "Check that the folder named here exists and can be written to."
        ),
    ),
    "library_read": (
        QT_TRANSLATE_NOOP("Errors", "The library could not be read."),
        QT_TRANSLATE_NOOP(
            "Errors", "Restart Kontext Studio; if it keeps happening, see the log folder."
        ),
    ),
    "library_busy": (
        QT_TRANSLATE_NOOP("Errors", "Another program is using the library."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Close it (a database browser, a backup or sync tool), then try again.",
        ),
    ),
    "library_closed": (
        QT_TRANSLATE_NOOP("Errors", "The library is already closed."),
        QT_TRANSLATE_NOOP("Errors", "Start Kontext Studio again to keep working."),
    ),
    "library_backup": (
        QT_TRANSLATE_NOOP("Errors", "The library was not upgraded: its backup could not be made."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Free disk space or allow changes to the folder named here, then start Kontext "
            "Studio again. The library was left as it was.",
        ),
    ),
    "library_upgrading": (
        QT_TRANSLATE_NOOP("Errors", "Another Kontext Studio is still upgrading the library."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Wait for it to finish (its window opens, or its command ends), then try again.",
        ),
    ),
    "library_newer": (
        QT_TRANSLATE_NOOP("Errors", "The library was made by a newer Kontext Studio."),
        QT_TRANSLATE_NOOP("Errors", "Update Kontext Studio to open it."),
    ),
    "publish": (
        QT_TRANSLATE_NOOP("Errors", "Publishing failed."),
        QT_TRANSLATE_NOOP("Errors", "Check the R2 settings and retry."),
    ),
    "publish_setup": (
        QT_TRANSLATE_NOOP("Errors", "The R2 settings cannot be used."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Complete or correct them in {publishing_settings}, or in the "
            "KONTEXT_STUDIO_R2_ENDPOINT, KONTEXT_STUDIO_R2_BUCKET, KONTEXT_STUDIO_R2_PUBLIC_URL, "
            "R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY variables, then try again.",
        ),
    ),
    "publish_auth": (
        QT_TRANSLATE_NOOP("Errors", "R2 rejected the access keys."),
        QT_TRANSLATE_NOOP("Errors", "Check the access key ID and secret."),
    ),
    "publish_clock": (
        QT_TRANSLATE_NOOP("Errors", "R2 refused the request because this computer's clock is off."),
        SET_THE_CLOCK,
    ),
    "publish_expired": (
        QT_TRANSLATE_NOOP("Errors", "R2 refused the request because it had expired."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Try again; if it keeps happening, check in Cloudflare whether the R2 API token "
            "has expired, and make a new one if it has.",
        ),
    ),
    "publish_bucket": (
        QT_TRANSLATE_NOOP("Errors", "The R2 bucket does not exist."),
        QT_TRANSLATE_NOOP("Errors", "Check the bucket name in Settings."),
    ),
    "publish_network": (
        QT_TRANSLATE_NOOP("Errors", "The R2 endpoint cannot be reached."),
        QT_TRANSLATE_NOOP("Errors", "Check the endpoint and network."),
    ),
    "publish_cancelled": (
        QT_TRANSLATE_NOOP("Errors", "Publishing was cancelled."),
        QT_TRANSLATE_NOOP("Errors", "Nothing was left in the bucket."),
    ),
    "publish_cancelled_unclean": (
        QT_TRANSLATE_NOOP("Errors", "Publishing was cancelled."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "A part may be left in the bucket; the next publish of this artwork removes it.",
        ),
    ),
    "publish_busy": (
        QT_TRANSLATE_NOOP("Errors", "This artwork is being removed from your R2 bucket."),
        QT_TRANSLATE_NOOP("Errors", "Publish it again once it is removed."),
    ),
    "job_changed": (
        QT_TRANSLATE_NOOP("Errors", "Nothing was done."),
        QT_TRANSLATE_NOOP("Errors", "Look at it in the library; try again if it is still wanted."),
    ),
    "error": (
        QT_TRANSLATE_NOOP("Errors", "Something went wrong."),
        QT_TRANSLATE_NOOP("Errors", "Retry; if it keeps happening, see the log folder."),
    ),
}


def explain_kind(
    kind: str, detail: str = "", facts: Facts = NO_FACTS, *, brief: bool = False
) -> Explanation:
    """Words for an error kind as stored in the ledger, with the server's or our detail, in
    the installed language (:mod:`kontext_studio.i18n`; English when none is installed).
    The detail (a file name, KIE's words as :func:`kie_words` marks them) is shown as it
    came; ``facts`` are those of the job it stopped (``Snapshot.facts``). ``brief`` (a small
    tile) leaves the detail out of the words, still chosen by it: an outcome unknown though
    KIE answered says it answered."""
    message, hint = _HINTS.get(kind, _HINTS["error"])
    answered = _answered_words(detail, facts.demo) if kind == OutcomeUnknownError.kind else ""
    refused = kind == ExpiredResultError.kind and _link_refused(detail)
    if facts.demo and kind in _DEMO_WORDS:
        (message, hint), detail = _DEMO_WORDS[kind], _demo_detail(detail, kind)
    if facts.deleted_early and kind == ExpiredResultError.kind:
        message, hint = _DELETED_EARLY[facts.demo], ""
    elif refused:
        (message, _), detail = _LINK_REFUSED_WORDS[facts.demo], ""
        hint = _TRIED_AGAIN[facts.demo]
    elif facts.link_refused and kind == ExpiredResultError.kind:
        # Refused again, no Retry is left: what to do is said where it is shown, as of a
        # result deleted early (jobs.stopped.result_gone_hint)
        free = "" if facts.result_gone else _LINK_REFUSED_WORDS[facts.demo][1]
        message, hint = _NOT_ITS_FILE[facts.demo], free
    if facts.charged:
        hint = _charged_hint(kind, facts, hint)
    elif kind == InternalError.kind:
        hint = _NOT_MADE_YET
    if facts.tried_again:
        hint = _TRIED_AGAIN[facts.demo]
    if answered:
        message, detail = answered, ""
    elif kind == OutcomeUnknownError.kind and _caught_sending(detail):
        message, detail = detail, ""
    shown = _trash_refused() if kind == TrashError.kind else translate(_CONTEXT, message)
    todo = desktop.named_settings(translate(_CONTEXT, hint))
    if facts.hint:
        todo = facts.hint
        if facts.charged and not facts.demo and (False, kind) in _MADE_ALREADY:
            todo = _sentences(todo, translate(_CONTEXT, _PAID_ALREADY))
    if kind == ImageTrashedError.kind:
        shown, todo = _image_trashed()
    if kind == ImageLeftInTrashError.kind:
        shown, todo = _image_left_in_trash()
    if detail and detail != message and not brief:
        said = explain_detail(detail)
        if kind in _NAMING_THE_FILE:  # its detail names the file, not a cause
            shown = join_sentences(shown, translate(_CONTEXT, _TRASHED_FILE).format(name=said))
        else:
            shown = with_detail(shown, said)
    if kind == KieAddressError.kind:
        todo = _sentences(translate(_CONTEXT, _address_reached(facts)), todo)
    return Explanation(shown, todo)


_TRASHED_FILE = QT_TRANSLATE_NOOP("Errors", "Its file is {name}.")
_NAMING_THE_FILE = frozenset({ImageTrashedError.kind, ImageLeftInTrashError.kind})
"""The kinds whose detail is the name of the file in the trash (:data:`_TRASHED_FILE`)."""


def _link_refused(detail: str) -> bool:
    """Whether ``detail`` (as :attr:`Snapshot.error_detail` gives it) is
    :data:`~kontext_studio.errors.LINK_REFUSED`: ours, translated, or, in a window whose
    catalogue lacks it (English), marked as the server's words (:func:`_unmarked_detail`)."""
    said = {LINK_REFUSED, explain_detail(LINK_REFUSED)}
    marked = {
        kie_words(ExpiredResultError.kind, s, demo=demo) for s in said for demo in (False, True)
    }
    return detail in said | marked


def _caught_sending(detail: str) -> bool:
    """Whether ``detail`` (as shown, in either mode) is the note of a job the app stopped
    while sending it: the note says what stopped it and that it may have been charged, so it
    is said alone, not after "no answer came back, so it may or may not have been charged"."""
    notes = (SENDING_STOPPED_NOTE, SENDING_BROKEN_NOTE)
    return detail in {explain_detail(said) for note in notes for said in (note, DEMO_NOTES[note])}


def _demo_detail(detail: str, kind: str) -> str:
    """What a demo job's words keep of its ``detail``: a note in the demo server's words
    (:data:`~kontext_studio.jobs.notes.DEMO_NOTES`, as ``Snapshot.error_detail`` gives it),
    or the demo server's own words where they tell more (:data:`_DEMO_SAID_KINDS`); not its
    connection's words ("no network, or the server refused it") nor KIE's, which are of
    KIE, not of a server on this computer."""
    if isinstance(detail, DemoWords) and kind in _DEMO_SAID_KINDS:
        return detail
    return detail if detail in {explain_detail(note) for note in DEMO_NOTES.values()} else ""


# A connection refused in demo mode: the simulator on this computer stopped (in the status
# bar's words), which only a restart of the app starts again; the internet is not to blame.
_DEMO_STOPPED = (
    QT_TRANSLATE_NOOP("Errors", "The demo server stopped answering."),
    QT_TRANSLATE_NOOP(
        "Errors",
        "If the demo server is still stopped, close Kontext Studio and open it again (that "
        "starts it again); then retry.",
    ),
)

# A generate answered, but in a way that does not tell whether the task was made (the
# kind's own words say no answer came back), by the detail that says how.
_ANSWERED_WORDS: dict[str, str] = {
    SERVER_TROUBLE: QT_TRANSLATE_NOOP(
        "Errors",
        "KIE's server answered with an error, so it cannot be told whether the task was "
        "made; it may or may not have been charged.",
    ),
    UNREADABLE: QT_TRANSLATE_NOOP(
        "Errors",
        "An answer came back from KIE but could not be read, so it cannot be told whether the "
        "task was made; it may or may not have been charged.",
    ),
    NO_TASK_ID: QT_TRANSLATE_NOOP(
        "Errors",
        "KIE answered without a task id, so the job cannot be followed and it cannot be told "
        "whether the task was made; it may or may not have been charged.",
    ),
}
_DEMO_ANSWERED = QT_TRANSLATE_NOOP(
    "Errors",
    "The job was sent to the demo server on this computer; it answered, but not whether it "
    "made the image.",
)


def _answered_words(detail: str, demo: bool) -> str:
    """The words of a generate whose outcome is unknown though an answer came back (its
    ``detail``, as shown, says how); "" for one that got no answer, which the kind's words
    are true of."""
    answered = {explain_detail(said): words for said, words in _ANSWERED_WORDS.items()}
    if detail not in answered:
        return ""
    return _DEMO_ANSWERED if demo else answered[detail]


# Demo mode's words for the kinds that speak of KIE, charges or the internet otherwise: the
# demo server is on this computer, and a demo job uses no real credits: sending it again is safe.
# A live hint that holds for the demo server too is taken as it is. Left out: the kinds of the
# API key, of KIE's address and of its certificates, which demo mode never uses.
_DEMO_WORDS: dict[str, tuple[str, str]] = {
    NetworkError.kind: _DEMO_STOPPED,
    ResultDownloadError.kind: _DEMO_STOPPED,
    # It answered, so it has not stopped; its answer stopped before it was complete.
    ReplyCutError.kind: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The answer of the demo server on this computer stopped before it was complete.",
        ),
        QT_TRANSLATE_NOOP("Errors", "Retry in a moment: a demo job uses no real credits."),
    ),
    OutcomeUnknownError.kind: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The job was sent to the demo server on this computer, but no answer came back.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "A demo job uses no real credits, so resubmitting it is safe. If the status bar says "
            "the demo server stopped, close Kontext Studio and open it again first (that starts "
            "it again).",
        ),
    ),
    # A task the demo server has no record of: the action offered is Retry, which sends it
    # anew (stopped.retry_sends_anew), and only the demo balance goes down for it.
    NotFoundError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server on this computer has no record of this task."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Retry sends it to the demo server again as a new job. A demo job uses no real "
            "credits: only the demo balance goes down.",
        ),
    ),
    DamagedResultError.kind: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The finished image did not arrive whole from the demo server on this computer.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Retry: fetching it again is free. If the status bar says the demo server "
            "stopped, close Kontext Studio and open it again first (that starts it again).",
        ),
    ),
    # The demo balance is the demo server's (simulator.journal.BalanceFile): full again on the
    # next day, or left behind by a key, which switches the app to live mode.
    CreditsError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo balance does not have enough left for this job."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "It is full again tomorrow: retry then, or add your KIE API key in Settings to "
            "generate for real.",
        ),
    ),
    ContentPolicyError.kind: (
        QT_TRANSLATE_NOOP(
            "Errors", "The demo server refused the prompt or image under its content policy."
        ),
        _HINTS[ContentPolicyError.kind][1],
    ),
    ValidationError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server did not accept the request."),
        _HINTS[ValidationError.kind][1],
    ),
    RateLimitedError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server is limiting how fast requests can be sent."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "The demo server did not take this request, so it did not lower the demo balance; "
            "retry in a minute.",
        ),
    ),
    MaintenanceError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server is under maintenance."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "The demo server did not take this request, so it did not lower the demo balance; "
            "try again later.",
        ),
    ),
    ServerError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server reported a server error."),
        _HINTS[ServerError.kind][1],
    ),
    UploadRefusedError.kind: (
        QT_TRANSLATE_NOOP(
            "Errors", "The reference image could not be uploaded to the demo server."
        ),
        QT_TRANSLATE_NOOP("Errors", "Retry in a moment: a demo job uses no real credits."),
    ),
    KieError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server reported an error."),
        _HINTS[KieError.kind][1],
    ),
    GenerationFailedError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server could not generate this image."),
        _HINTS[GenerationFailedError.kind][1],
    ),
    FeatureDisabledError.kind: (
        QT_TRANSLATE_NOOP("Errors", "This feature of the demo server is switched off."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "The demo server may switch it back on: Retry then sends the job as it was. Until "
            "then, use another model or option.",
        ),
    ),
    UpstreamTimeoutError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server gave no result in time."),
        _HINTS[UpstreamTimeoutError.kind][1],
    ),
    MalformedReplyError.kind: (
        QT_TRANSLATE_NOOP("Errors", "The demo server sent a reply the app does not understand."),
        _HINTS[MalformedReplyError.kind][1],
    ),
    # The demo server keeps results as long as KIE does (SimulatorConfig.result_ttl_s).
    ExpiredResultError.kind: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The result link has expired (the demo server keeps results 14 days).",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Retry asks the demo server for it again, without lowering the demo balance, for "
            "14 days after the job was made; after that, generate it again as a new job "
            "(Reuse settings loads its prompt and options), which lowers the demo balance but "
            "uses no real credits.",
        ),
    ),
    InternalError.kind: (
        _HINTS[InternalError.kind][0],
        QT_TRANSLATE_NOOP(
            "Errors",
            "Retry it: a job the demo server has started is checked again, not made twice. "
            "The log folder has the details.",
        ),
    ),
}

_LOG_FOLDER_HINTS = tuple(
    hint for _message, hint in (*_HINTS.values(), *_DEMO_WORDS.values()) if "log folder" in hint
)
"""The hints that send the reader to the log folder (a bug's: "Retry; if it keeps happening,
see the log folder.")."""


def names_log_folder(words: Explanation) -> bool:
    """Whether ``words`` send the reader to the log folder already: what is said after them
    (how many more errors came) need not name it again."""
    return any(translate(_CONTEXT, hint) in words.hint for hint in _LOG_FOLDER_HINTS)


# A result its server said is deleted within the days it keeps results (Facts.deleted_early):
# the kind's words, "KIE keeps results 14 days" and "Retry asks KIE for it again", are
# not true of it. What to do is said where it is shown, of a job no retry can fetch
# (``jobs.stopped.result_gone_hint``, with Reuse settings in the preview), so none here: the
# advice once kept here was replaced everywhere, never shown. Keyed by demo mode.
# A result whose host refused even the fresh link KIE had just given (403, 422; the
# detail LINK_REFUSED): no link has expired, and Retry asks for a new one, free. Before,
# "The result link has expired (KIE keeps results 14 days)", seconds after it was made,
# and said while the job still tried. Keyed by demo.
_LINK_REFUSED_WORDS: dict[bool, tuple[str, str]] = {
    False: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The server holding the image refused its download link, even the new one KIE "
            "had just given.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors", "Retry asks KIE for another link, free: the image is not made again."
        ),
    ),
    True: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The demo server refused the image's download link, even the new one it had just "
            "given.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Retry asks the demo server for another link, without lowering the demo balance: "
            "the image is not made again.",
        ),
    ),
}
# What to do of a result whose host refused its links until the job gave up: the engine
# tries it again by itself while KIE keeps the image (jobs.stopped.awaits_link). Before, the
# job stayed failed unless the artist saw it and pressed Retry. Only the starts are promised:
# a run's own later tries are two at most, and a command such as generate makes none; before,
# "later and at its next start" was said after the run's tries were over, and by generate.
# Keyed by demo.
_TRIED_AGAIN: dict[bool, str] = {
    False: QT_TRANSLATE_NOOP(
        "Errors",
        "Kontext Studio tries again by itself, free, each time its window opens (and at each "
        "resume command) while KIE keeps the image (14 days); Retry tries now. The image is "
        "not made again.",
    ),
    True: QT_TRANSLATE_NOOP(
        "Errors",
        "Kontext Studio tries again by itself each time its window opens in demo mode (and at "
        "each resume --demo command) while the demo server keeps the image (14 days); Retry "
        "tries now. The image is not made again.",
    ),
}
# A result link KIE's download-url refused (its 422, in its envelope: "Only files generated
# by KIE are supported"), its words said after: they say why. Before, "The result link has
# expired (KIE keeps results 14 days)" with them, of a job minutes old, and counted so in the
# statistics; and a second refusal read "KIE no longer has this image", which KIE did not
# say. Keyed by demo.
_NOT_ITS_FILE: dict[bool, str] = {
    False: QT_TRANSLATE_NOOP("Errors", "KIE turned down the request for a new link to the image."),
    True: QT_TRANSLATE_NOOP(
        "Errors", "The demo server turned down the request for a new link to the image."
    ),
}
_DELETED_EARLY: dict[bool, str] = {
    False: QT_TRANSLATE_NOOP("Errors", "KIE no longer has this image."),
    True: QT_TRANSLATE_NOOP("Errors", "The demo server no longer has this image."),
}
# A 429 or a 455 drops the one request that met it (kie-api.md), never the task KIE had
# already made, and charged, for the job: met while its image was fetched (a fresh link
# refused), Retry fetches it without paying again. Keyed by (demo, kind).
_MADE_ALREADY: dict[tuple[bool, str], str] = {
    (False, RateLimitedError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already made this image, so it was charged; retry in a minute: Retry "
        "fetches it without paying again.",
    ),
    (False, MaintenanceError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already made this image, so it was charged; try again later: Retry fetches "
        "it without paying again.",
    ),
    # KIE took the job, and then could not be asked about it until its time limit (or its
    # image could not be fetched): a new job would be charged again, Retry is not.
    (False, AuthError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already taken this job, so it was charged; open Settings and enter a valid "
        "KIE API key: then Retry gets its image without paying again.",
    ),
    (False, NetworkError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already taken this job, so it was charged; check your internet connection: "
        "then Retry gets its image without paying again.",
    ),
    # KIE answered, but the answer to asking about the job broke off on the way.
    (False, ReplyCutError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already taken this job, so it was charged; retry in a moment: Retry gets "
        "its image without paying again.",
    ),
    # KIE answered about the job, but not in a way that could be read (a poll's success
    # without the task's record, again and again): its task is kept, and asked about again.
    (False, MalformedReplyError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already taken this job, so it was charged; retry in a moment: Retry gets "
        "its image without paying again.",
    ),
    # KIE answered: the server holding its finished image failed to send it.
    (False, ResultDownloadError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already made this image, so it was charged; check your internet connection: "
        "then Retry gets its image without paying again.",
    ),
    (True, RateLimitedError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "The demo server had already made this image; retry in a minute: Retry fetches it "
        "without lowering the demo balance again.",
    ),
    (True, MaintenanceError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "The demo server had already made this image; try again later: Retry fetches it "
        "without lowering the demo balance again.",
    ),
}

# The same met while KIE was asked about a task it took (the job timed out): its image may
# not be made yet, and Retry checks on the task, without paying again. Before, "KIE had
# already made this image" was said of it. Keyed by (demo, kind).
_TAKEN_ALREADY: dict[tuple[bool, str], str] = {
    (False, RateLimitedError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already taken this job, so it was charged; retry in a minute: Retry checks "
        "on it without paying again.",
    ),
    (False, MaintenanceError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "KIE had already taken this job, so it was charged; try again later: Retry checks on "
        "it without paying again.",
    ),
    (True, RateLimitedError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "The demo server had already taken this job; retry in a minute: Retry checks on it "
        "without lowering the demo balance again.",
    ),
    (True, MaintenanceError.kind): QT_TRANSLATE_NOOP(
        "Errors",
        "The demo server had already taken this job; try again later: Retry checks on it "
        "without lowering the demo balance again.",
    ),
}


def _charged_hint(kind: str, facts: Facts, hint: str) -> str:
    """What to do of a job whose task KIE made (and charged) that ``kind`` stopped: that
    Retry pays nothing again, where it does (:data:`_MADE_ALREADY`), said of the task it took
    (:data:`_TAKEN_ALREADY`) while its image is not known to be made (``facts.made``)."""
    key = (facts.demo, kind)
    if not facts.made and key in _TAKEN_ALREADY:
        return _TAKEN_ALREADY[key]
    return _MADE_ALREADY.get(key, hint)


# A job a bug stopped before KIE made its task (or an error met outside a job): Retry sends
# it, so "a job KIE has started is checked again, not paid twice" is not said of it.
_NOT_MADE_YET = _HINTS[KieError.kind][1]

# After what the cause of a charged job's stop says to do (``Facts.hint``), in place of the
# kind's words of it (_MADE_ALREADY).
_PAID_ALREADY = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE had already taken this job, so it was charged: Retry gets its image without paying again.",
)

# What reached KIE of a job a wrong address stopped, said before what to do: the generate
# and upload addresses are set apart, so one may have worked for the job before the other
# refused it (its reference uploaded, or its image made before its result's link).
# Said of this request, not of the job: one Resubmitted after a send whose outcome is
# unknown may have been charged for that send.
_NOTHING_REACHED = QT_TRANSLATE_NOOP(
    "Errors", "This request did not reach KIE and was not charged."
)
_REFERENCE_REACHED = QT_TRANSLATE_NOOP(
    "Errors",
    "Only the reference image was uploaded to KIE (uploads are free); the job did not reach "
    "KIE this time, so this send was not charged.",
)
_IMAGE_REACHED = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE had already made this image, so it was charged; once the address is right, Retry "
    "fetches it without paying again.",
)
# Its task made, its image not known to be (a time-out while KIE was asked about it).
_TASK_REACHED = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE had already taken this job, so it was charged; once the address is right, Retry "
    "checks on it without paying again.",
)


def _address_reached(facts: Facts) -> str:
    if facts.charged:
        return _IMAGE_REACHED if facts.made else _TASK_REACHED
    return _REFERENCE_REACHED if facts.uploaded else _NOTHING_REACHED


def _image_trashed() -> tuple[str, str]:
    """What happened to an image a Delete moved to the trash and could not finish
    (:class:`ImageTrashedError`), and what to do, in this desktop's words (as
    :func:`_trash_refused`)."""
    current = desktop.current()
    if current is Desktop.WINDOWS:
        return (
            translate(
                "Errors",
                "The image is in the Recycle Bin: a Delete moved it there, but could not "
                "remove the artwork from the library.",
            ),
            translate(
                "Errors",
                "Restore it from the Recycle Bin to publish it, or delete the artwork again to "
                "finish removing it.",
            ),
        )
    if current is Desktop.MACOS:
        return (
            translate(
                "Errors",
                "The image is in the Trash: a Delete moved it there, but could not remove the "
                "artwork from the library.",
                "macOS",
            ),
            translate(
                "Errors",
                "Restore it from the Trash to publish it, or delete the artwork again to "
                "finish removing it.",
                "macOS",
            ),
        )
    return (
        translate(
            "Errors",
            "The image is in the Trash: a Delete moved it there, but could not remove the "
            "artwork from the library.",
            "Linux",
        ),
        translate(
            "Errors",
            "Restore it from the Trash to publish it, or delete the artwork again to finish "
            "removing it.",
            "Linux",
        ),
    )


def image_left_in_trash() -> str:
    """What happened to the image of an artwork the library's Undo brought back without it
    (:class:`ImageLeftInTrashError`), by the name this desktop gives the trash: said alike
    by its publish's failure and by its preview, each with its own way on."""
    current = desktop.current()
    if current is Desktop.WINDOWS:
        return translate(
            "Errors",
            "The image file is missing. It went to the Recycle Bin with its Delete, and "
            "Undo brought the artwork back without it.",
        )
    if current is Desktop.MACOS:
        return translate(
            "Errors",
            "The image file is missing. It went to the Trash with its Delete, and Undo "
            "brought the artwork back without it.",
            "macOS",
        )
    return translate(
        "Errors",
        "The image file is missing. It went to the Trash with its Delete, and Undo brought "
        "the artwork back without it.",
        "Linux",
    )


def _image_left_in_trash() -> tuple[str, str]:
    """:func:`image_left_in_trash`, and what to do: publish it again once restored."""
    current = desktop.current()
    if current is Desktop.WINDOWS:
        todo = translate(
            "Errors",
            "If it is still in the Recycle Bin, restore it from there, then publish the "
            "artwork again.",
        )
    elif current is Desktop.MACOS:
        todo = translate(
            "Errors",
            "If it is still in the Trash, restore it from there, then publish the artwork again.",
            "macOS",
        )
    else:
        todo = translate(
            "Errors",
            "If it is still in the Trash, restore it from there, then publish the artwork again.",
            "Linux",
        )
    return image_left_in_trash(), todo


def _trash_refused() -> str:
    """The message of a refused trash, in this desktop's words (:mod:`kontext_studio.desktop`:
    the Recycle Bin on Windows, the Trash on macOS and Linux, 废纸篓 or 回收站 in Chinese)."""
    sentences = {
        Desktop.WINDOWS: translate("Errors", "The image could not be moved to the Recycle Bin."),
        Desktop.MACOS: translate("Errors", "The image could not be moved to the Trash.", "macOS"),
        Desktop.LINUX: translate("Errors", "The image could not be moved to the Trash.", "Linux"),
    }
    return sentences[desktop.current()]


KIE_SAID = QT_TRANSLATE_NOOP("Errors", "KIE says: “{said}”")

# Kinds whose detail may be KIE's own words (an envelope's msg, a task's errorMessage).
_KIE_KINDS = frozenset(
    cls.kind
    for cls in (
        KieError,
        AuthError,
        CreditsError,
        ContentPolicyError,
        ValidationError,
        NotFoundError,
        RateLimitedError,
        MaintenanceError,
        ServerError,
        GenerationFailedError,
        FeatureDisabledError,
        UpstreamTimeoutError,
        ExpiredResultError,  # download-url's refusal of a result KIE no longer has
    )
)
# What KIE is documented or seen to send (kie-api.md; the simulator sends the same) that says
# no more than the kind's own sentence, compared by its words alone (:func:`_words_of`).
_SAYS_NOTHING = frozenset({"", "error", "fail", "failed", "failure", "success", "unknown error"})
_ONLY_REPEATS: dict[str, frozenset[str]] = {
    "auth": frozenset(
        {
            "you do not have access permissions",
            "unauthorized",
            "invalid api key",
            "missing or invalid api key",
            "authentication failed",
        }
    ),
    "credits": frozenset(
        {
            "credits insufficient",
            "insufficient credits",
            "insufficient balance",
            "the current credits are insufficient please top up",
        }
    ),
    "content_policy": frozenset(
        {
            "the prompt or image was flagged by the content policy",
            "content policy violation",
            "flagged by content policy",
        }
    ),
    "validation": frozenset({"validation error", "invalid parameters", "parameter error"}),
    "not_found": frozenset({"not found", "recordinfo is null", "task not found"}),
    "rate_limited": frozenset(
        {
            "too many requests the request was rejected retry later",
            "too many requests",
            "rate limited",
            "rate limit exceeded",
        }
    ),
    "maintenance": frozenset(
        {
            "the service is under maintenance please try again later",
            "service under maintenance",
            "service unavailable",
            "maintenance",
        }
    ),
    "server": frozenset(
        {
            "internal server error please try again later",
            "internal server error",
            "internal error",
            "server error",
        }
    ),
    "generation_failed": frozenset({"generation failed", "image generation failed"}),
    "feature_disabled": frozenset({"feature disabled", "this feature is disabled"}),
    "upstream_timeout": frozenset({"no result for over 10 minutes", "timeout", "timed out"}),
}


DEMO_SAID = QT_TRANSLATE_NOOP("Errors", "The demo server says: “{said}”")


class DemoWords(str):
    """A detail that is the demo server's own words on a demo job, marked as its
    (:func:`kie_words`): a demo job's words keep it where it tells more than its sentence
    (:data:`_DEMO_SAID_KINDS`), and leave out any other server's words."""

    __slots__ = ()


_DEMO_SAID_KINDS = frozenset({ValidationError.kind})
"""The kinds of which a demo job shows the demo server's own words: a validation error's name
what it refused (a field, a value), which is what the artist changes before sending it again.
Its other words repeat their kind's sentence, or speak of KIE, whose service it plays."""


def kie_words(kind: str, said: str, *, demo: bool = False) -> str:
    """KIE's own words on an error of ``kind``, as a detail to show after the kind's sentence.

    Empty when they only repeat that sentence ("You do not have access permissions" after
    "KIE rejected the API key."): the log keeps them. Anything else may say what our sentence
    cannot (which parameter, why a picture was refused), so it is shown as KIE sent it, in
    English, marked as KIE's (``KIE says: “…”``) so that a reader of another language knows
    why it is not in theirs. ``demo``: the words are the demo server's, marked as its
    (:class:`DemoWords`).
    """
    words = _words_of(said)
    if words in _SAYS_NOTHING or words in _ONLY_REPEATS.get(kind, frozenset()):
        return ""
    if demo:
        return DemoWords(translate(_CONTEXT, DEMO_SAID).format(said=said.strip()))
    return translate(_CONTEXT, KIE_SAID).format(said=said.strip())


def _words_of(text: str) -> str:
    """``text`` lower-cased, its punctuation dropped and its spaces made single."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def explain_detail(text: str) -> str:
    """A detail or note the core made (``KontextError.message``, ``Snapshot.error_message``)
    in the installed language when the catalogue has it, else as it is (server messages, file
    names). Mark such text where it is made: ``QT_TRANSLATE_NOOP("Errors", "...")``."""
    return translate(_CONTEXT, text)


def explain(error: BaseException, facts: Facts = NO_FACTS) -> Explanation:
    """Map any error to words for a person. Unknown exceptions get a generic message and
    never their repr (which could carry a URL with a token)."""
    if isinstance(error, Refusal):
        return Explanation(explain_error_detail(error), _hint_of(error))
    if isinstance(error, PublishSecretUnreadableError):
        # The keyring's words first, as the window says them: the command line led with
        # "The R2 settings cannot be used.", of settings that are fine, the keyring locked.
        return Explanation(explain_error_detail(error), _hint_of(error))
    if isinstance(error, KeyringUnavailableError) and error.said_alone:
        # Before: "The system keyring holds a damaged entry. The system keyring holds a
        # damaged entry: the R2 secret access key …", the kind's sentence and its own.
        words = explain_kind(error.kind)
        return Explanation(explain_error_detail(error), _hint_of(error) or words.hint)
    if isinstance(error, PublishNotSetUpError):
        # What to do first, then the fields still empty: one line, as a script reads
        # --json's message, naming the variables of those fields alone (before, all four of
        # a setup only its secret was missing from). The window says it in its own words,
        # without the variables.
        return Explanation(
            join_sentences(_filled(_NOT_SET_UP, error.values), _worded_detail(error)), ""
        )
    if isinstance(error, FolderNotImageError):
        # Before: "This image cannot be used. (pictures is a folder, not an image file) Choose
        # another image, one that opens in other apps.", a bracket left open on one line.
        return Explanation(_filled(_A_FOLDER, error.values), translate(_CONTEXT, _FILE_IN_IT))
    if isinstance(error, KontextError):
        words = explain_kind(error.kind, _worded_detail(error), facts)
        return replace(words, hint=_hint_of(error)) if error.hint else words
    return explain_kind("error")


_A_FOLDER = QT_TRANSLATE_NOOP("Errors", "{name} is a folder, not an image file.")
_FILE_IN_IT = QT_TRANSLATE_NOOP("Errors", "Choose an image file instead, such as one inside it.")


_EXPORT_AGAIN = QT_TRANSLATE_NOOP("Errors", "Export it again, or remove it from the list.")
_REMOVE = QT_TRANSLATE_NOOP("Errors", "Remove it from the list.")
# What a file in the Upload list is refused for, and what to do, in the order looked for: a
# list has no other image to choose (the kind's words, which the reference slot says), and
# the row names the file already. Last, the cause in a word or two, for the tab's summary.
_LISTED_WORDS: tuple[tuple[type[ImageError], str, str, str], ...] = (
    (
        EmptyImageError,
        QT_TRANSLATE_NOOP("Errors", "The file is empty."),
        _EXPORT_AGAIN,
        QT_TRANSLATE_NOOP("Errors", "empty"),
    ),
    (
        DamagedImageError,
        QT_TRANSLATE_NOOP("Errors", "The file is cut short or damaged."),
        _EXPORT_AGAIN,
        QT_TRANSLATE_NOOP("Errors", "damaged"),
    ),
    (
        NotAnImageError,
        QT_TRANSLATE_NOOP("Errors", "This file is not a JPEG, PNG or WebP image."),
        _REMOVE,
        QT_TRANSLATE_NOOP("Errors", "not an image"),
    ),
    (
        ImageTooLargeError,
        QT_TRANSLATE_NOOP("Errors", "The image is too large."),
        QT_TRANSLATE_NOOP("Errors", "Export it smaller, or remove it from the list."),
        QT_TRANSLATE_NOOP("Errors", "too large"),
    ),
    (
        ImageMissingError,
        QT_TRANSLATE_NOOP("Errors", "The file is no longer there."),
        _REMOVE,
        QT_TRANSLATE_NOOP("Errors", "gone"),
    ),
    (
        ImageUnreadableError,
        QT_TRANSLATE_NOOP("Errors", "The file cannot be read."),
        QT_TRANSLATE_NOOP(
            "Errors", "Check that you may open it and add it again, or remove it from the list."
        ),
        QT_TRANSLATE_NOOP("Errors", "unreadable"),
    ),
)
_UNUSABLE = QT_TRANSLATE_NOOP("Errors", "not usable")
"""The cause of a refusal of no kind :data:`_LISTED_WORDS` names."""
_OTHER_FORMAT = (
    QT_TRANSLATE_NOOP("Errors", "This file is a {other} image, not a JPEG, PNG or WebP."),
    QT_TRANSLATE_NOOP(
        "Errors", "Save or export it as a JPEG or PNG and add that, or remove it from the list."
    ),
    QT_TRANSLATE_NOOP("Errors", "another format"),
)
"""A :class:`NotAnImageError` for an image of a format the check knows but the library does
not take (a TIFF, a GIF, an iPhone's HEIC: its ``other`` value): a row read "This file is not
a JPEG, PNG or WebP image. Remove it from the list.", as for a text file, the artist's scan or
animation taken for no image at all, and not told that exporting it puts it right."""


def _of_another_format(error: BaseException) -> TypeGuard[NotAnImageError]:
    """Whether ``error`` refuses an image of a format named but not taken
    (:data:`_OTHER_FORMAT`)."""
    return isinstance(error, NotAnImageError) and bool(error.values.get("other"))


def explain_listed(error: BaseException) -> Explanation:
    """:func:`explain` for a file the Upload list refuses: what is wrong with it in plain
    words and what to do, without its name (the row's own) or the file's exact refusal
    (:func:`explain_error_detail`, for its tooltip). An error of no image kind there is
    :func:`explain`'s."""
    if _of_another_format(error):
        message, hint, _cause = _OTHER_FORMAT
        return Explanation(_filled(message, error.values), translate(_CONTEXT, hint))
    for kind, message, hint, _cause in _LISTED_WORDS:
        if isinstance(error, kind):
            shown = _how_large(error) or translate(_CONTEXT, message)
            return Explanation(shown, translate(_CONTEXT, hint))
    return explain(error)


_TOO_MANY_PIXELS = QT_TRANSLATE_NOOP(
    "Errors",
    "The image is too large: {width}×{height} ({pixels:mega}\u00a0MP); the limit is "
    "{limit:mega}\u00a0MP.",
)
_TOO_MANY_BYTES = QT_TRANSLATE_NOOP(
    "Errors", "The file is too large: {size}\u00a0MB; the limit is {limit}\u00a0MB."
)


def _how_large(error: BaseException) -> str:
    """For an image over the Upload list's limits, how large it is and the limit, as the
    command line says them (the refusal's values): the row said "The image is too large."
    alone, the numbers in its tooltip. "" for any other refusal, or one that does not
    tell its size (too many pixels to count, a PNG carrying too much text)."""
    if not isinstance(error, ImageTooLargeError):
        return ""
    values = error.values
    if {"width", "height", "pixels", "limit"} <= values.keys():
        return _filled(_TOO_MANY_PIXELS, values)
    if {"size", "limit"} <= values.keys():
        return _filled(_TOO_MANY_BYTES, values)
    return ""


def explain_apart(error: BaseException) -> tuple[Explanation, str]:
    """:func:`explain` for a row that has the exact detail in its tooltip (a file of the
    Upload list whose publish failed, as :func:`explain_listed` and
    :func:`explain_error_detail` are for one refused): its words without the detail, and the
    detail apart. One whose detail is its words (a :class:`~kontext_studio.errors.Refusal`),
    or of no kind of ours, is :func:`explain`'s, with no detail apart."""
    if isinstance(error, Refusal | PublishNotSetUpError) or not isinstance(error, KontextError):
        return explain(error), ""
    words = explain_kind(error.kind)
    if error.hint:
        words = replace(words, hint=_hint_of(error))
    return words, explain_error_detail(error)


def listed_cause(error: BaseException) -> Term:
    """What a file the Upload list refuses for ``error`` is, in a word or two ("empty",
    "damaged"): a :class:`~kontext_studio.errors.Term`, shown translated in a list of them
    ("2 files were not added (empty and damaged)")."""
    if _of_another_format(error):
        return Term(_OTHER_FORMAT[2])
    found = (cause for kind, _message, _hint, cause in _LISTED_WORDS if isinstance(error, kind))
    return Term(next(found, _UNUSABLE))


_NOT_SET_UP = QT_TRANSLATE_NOOP(
    "Errors",
    "Publishing is not set up: fill in the empty fields in {publishing_settings}, or set "
    "{variables}, then try again.",
)

_UNPUBLISH_FAILED = (
    QT_TRANSLATE_NOOP("Errors", "The artwork could not be removed from the R2 bucket."),
    QT_TRANSLATE_NOOP("Errors", "Check the R2 settings and try again."),
)


def explain_unpublish(error: BaseException) -> Explanation:
    """:func:`explain` for a failed unpublish (an artwork being removed from the bucket). One
    with no words of its own (R2 refused the request, R2's trouble) began "Publishing
    failed." and said to retry, of an artwork nothing was publishing: it speaks of the
    removal instead. Any other says what it says of a publish (the keys, the network)."""
    if not isinstance(error, KontextError) or error.kind != PublishError.kind:
        return explain(error)
    message = translate(_CONTEXT, _UNPUBLISH_FAILED[0])
    detail = _worded_detail(error)
    if detail:
        message = with_detail(message, explain_detail(detail))
    return Explanation(message, _hint_of(error) or translate(_CONTEXT, _UNPUBLISH_FAILED[1]))


def explain_removal(kind: str) -> Explanation:
    """:func:`explain_unpublish` of a failed removal from the bucket kept in the library by
    its error's kind alone (``Snapshot.removal_failed``): read after a restart, without the
    detail the window said then. One stopped (the app closed, a command stopped) is said
    as not removed: "Publishing was cancelled." was said of an Unpublish, after a restart."""
    if kind == PublishError.kind:
        return Explanation(
            translate(_CONTEXT, _UNPUBLISH_FAILED[0]), translate(_CONTEXT, _UNPUBLISH_FAILED[1])
        )
    if kind in (PublishCancelledError.kind, PublishCancelledUncleanError.kind):
        return Explanation(translate(_CONTEXT, _UNPUBLISH_FAILED[0]), "")
    return explain_kind(kind)


def _hint_of(error: KontextError) -> str:
    """The error's own :attr:`~KontextError.hint` in the installed language, filled with its
    values as its detail is (the number of the artwork in a command to type); "" for none."""
    return _filled_hint(error.hint, error.values) if error.hint else ""


def _filled_hint(hint: str, values: Mapping[str, Value]) -> str:
    """``hint`` in the installed language filled with ``values``; in English when a
    translation does not fit them."""
    try:
        return _filled(hint, values)
    except (KeyError, IndexError, ValueError):
        with english():
            return fill_values(desktop.named_settings(hint), values, str)


def explain_error_detail(error: KontextError) -> str:
    """The detail of ``error`` alone, without its kind's sentence, in the installed
    language: for a message that names what to fix by itself."""
    return explain_detail(_worded_detail(error))


def _worded_detail(error: KontextError) -> str:
    """The detail of ``error`` in the installed language when it was made :meth:`worded`;
    its English message when a translation does not fit its values; KIE's own words as
    :func:`kie_words` shows them."""
    if error.kie_said:
        return kie_words(error.kind, error.message)
    if not error.template:
        return error.message
    try:
        return _filled(error.template, error.values)
    except (KeyError, IndexError, ValueError):
        return error.message


def stored_words(error: KontextError) -> str:
    """How a detail is kept with a job (``Snapshot.error_words``): a worded one by its
    template and values, so the library shows it in the language installed when it is read;
    KIE's own words by a mark, so they are shown as :func:`kie_words` says. Empty for a
    plain detail."""
    if error.kie_said:
        return _KIE_SAID_MARK
    if not (error.template or error.hint):
        return ""
    # JSON keeps a Term as a plain string: which values are the catalogue's own words is
    # kept beside them, so they are read back in the language installed then.
    terms = [name for name, value in error.values.items() if _has_terms(value)]
    kept: dict[str, object] = {"values": error.values}
    if error.template:
        kept["template"] = error.template
    if terms:
        kept["terms"] = terms
    if error.hint:
        kept["hint"] = error.hint
    return json.dumps(kept)


def stored_hint(words: str) -> str:
    """What to do that a job's stopping error said itself (its :attr:`~KontextError.hint`,
    kept by :func:`stored_words`), in the installed language; "" for none (then its kind's
    words say it)."""
    if not words or words == _KIE_SAID_MARK:
        return ""
    try:
        kept = json.loads(words)
        hint = kept.get("hint", "") or _retired_hint(kept)
        return _filled_hint(hint, _kept_values(kept)) if hint else ""
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""


_RETIRED_TERMS: dict[str, tuple[str, str]] = {
    CERTIFICATE_OUT_OF_DATE_BEFORE: (CERTIFICATE_OUT_OF_DATE, SET_THE_CLOCK),
}
"""The catalogue's words a job's detail kept that an earlier version said with what to do
in them: the words they are now, and that advice, kept apart since (``KontextError.hint``).
Read back as they were, out of the catalogue, they stayed in English under a translation,
and the job said its kind's advice ("Check your internet connection")."""


def _retired_hint(kept: dict[str, Any]) -> str:
    """The advice a retired term of ``kept`` said inside it (:data:`_RETIRED_TERMS`)."""
    for name in kept.get("terms", ()):
        value = kept["values"].get(name)
        if isinstance(value, str) and value in _RETIRED_TERMS:
            return _RETIRED_TERMS[value][1]
    return ""


def _kept_values(kept: dict[str, Any]) -> dict[str, Value]:
    """The values of a worded detail as :func:`stored_words` kept them."""
    terms = set(kept.get("terms", ()))
    return {name: _read_value(value, name in terms) for name, value in kept["values"].items()}


def _has_terms(value: Value) -> bool:
    if isinstance(value, tuple):
        return any(isinstance(item, Term) for item in value)
    return isinstance(value, Term)


def _read_value(value: Value | list[str], term: bool) -> Value:
    """A value read back from :func:`stored_words`: a list as the tuple it was, and one
    marked as the catalogue's words as the :class:`Term` (or Terms) it was."""
    if isinstance(value, list):
        return tuple(Term(_current_term(item)) if term else item for item in value)
    return Term(_current_term(value)) if term and isinstance(value, str) else value


def _current_term(words: str) -> str:
    """The catalogue's ``words`` as they are now (:data:`_RETIRED_TERMS`)."""
    retired = _RETIRED_TERMS.get(words)
    return words if retired is None else retired[0]


_KIE_SAID_MARK = json.dumps({"kie_said": True})


def stored_detail(message: str, words: str, kind: str = "", *, demo: bool = False) -> str:
    """A job's stored detail in the installed language: filled in from its words when it has
    them, KIE's words (``demo``: the demo server's) as :func:`kie_words` shows them, else
    ``message`` as :func:`explain_detail` shows it (also when the words cannot be read or a
    translation does not fit them)."""
    if words == _KIE_SAID_MARK:
        return kie_words(kind, message, demo=demo)
    if words:
        try:
            kept = json.loads(words)
            values = _kept_values(kept)
            return _filled(_UNIT_SPACE.sub("\N{NO-BREAK SPACE}", kept["template"]), values)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            pass
    return _unmarked_detail(message, kind)


_UNIT_SPACE = re.compile(r"(?<=\}) (?=M[BP]\b)")
"""The plain space between a size and its unit ("{size} MB", "{limit:mega} MP") in the
template of a detail kept by a version before the catalogue's were no-break: read back as
the catalogue has it, else it was not found there, and shown in English."""


def _unmarked_detail(message: str, kind: str) -> str:
    """A plain stored detail: ours, or KIE's words kept by a version that did not mark them.
    On a kind KIE reports, a known repeat of its sentence is left out, and text the installed
    catalogue cannot translate is KIE's (in English, ours and KIE's read alike and both are
    shown as they are)."""
    if kind in _KIE_KINDS and message:
        if not kie_words(kind, message):
            return ""
        if translating() and explain_detail(message) == message:
            return kie_words(kind, message)
    return explain_detail(message)


_Error = TypeVar("_Error", bound=KontextError)
_NO_PERMISSION = QT_TRANSLATE_NOOP(
    "Errors", "cannot use the folder {folder}: you do not have permission to write there"
)
_FOLDER_REFUSALS: dict[int, str] = {
    errno.EEXIST: QT_TRANSLATE_NOOP(
        "Errors", "cannot use the folder {folder}: it is a file, not a folder"
    ),
    errno.ENOTDIR: QT_TRANSLATE_NOOP(
        "Errors", "cannot use the folder {folder}: part of its path is a file, not a folder"
    ),
    errno.EACCES: _NO_PERMISSION,
    errno.EPERM: _NO_PERMISSION,
    errno.EROFS: QT_TRANSLATE_NOOP(
        "Errors", "cannot use the folder {folder}: the disk it is on is read-only"
    ),
    errno.ENOSPC: QT_TRANSLATE_NOOP("Errors", "cannot use the folder {folder}: the disk is full"),
}
# A disk quota used up (a school's or a studio's shared computer; not on Windows) is a full
# disk to the artist: free space, or another folder. Its system words ("Disk quota
# exceeded") came untranslated, and it was taken for the folder's fault.
_EDQUOT: int | None = getattr(errno, "EDQUOT", None)
if _EDQUOT is not None:
    _FOLDER_REFUSALS[_EDQUOT] = QT_TRANSLATE_NOOP(
        "Errors", "cannot use the folder {folder}: your share of the disk (its quota) is used up"
    )
DISK_FULL = frozenset(code for code in (errno.ENOSPC, _EDQUOT) if code is not None)
_NO_RIGHTS = QT_TRANSLATE_NOOP("Errors", "you do not have permission to write there")
# Why a file could not be written, in words: the system's ("No space left on device") were
# English in every language, for a result image as for a copy.
_WRITE_REFUSALS: dict[int, str] = {
    errno.ENOSPC: QT_TRANSLATE_NOOP("Errors", "the disk is full"),
    errno.EROFS: QT_TRANSLATE_NOOP("Errors", "the disk it is on is read-only"),
    errno.EACCES: _NO_RIGHTS,
    errno.EPERM: _NO_RIGHTS,
    errno.ENOENT: QT_TRANSLATE_NOOP("Errors", "the folder is no longer there"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("Errors", "it is no longer a folder"),
    errno.EISDIR: QT_TRANSLATE_NOOP("Errors", "a folder there has the image's name"),
}
if _EDQUOT is not None:
    _WRITE_REFUSALS[_EDQUOT] = QT_TRANSLATE_NOOP(
        "Errors", "your share of the disk (its quota) is used up"
    )


def disk_full(error: OSError) -> bool:
    """Whether ``error`` says the disk has no room for the artist (:data:`DISK_FULL`): the
    disk's problem (a :class:`StorageError`), not the folder's."""
    return error.errno in DISK_FULL


def write_refusal(error: OSError) -> str:
    """Why writing a file failed with ``error``, as the ``{reason}`` of a worded error: our
    words (a :class:`Term`, shown translated) for the reasons a person meets, the system's
    for a rarer one."""
    words = _WRITE_REFUSALS.get(error.errno or 0)
    return Term(words) if words is not None else str(error.strerror or error)


_LINK_LEADS_NOWHERE = QT_TRANSLATE_NOOP(
    "Errors",
    "cannot use the folder {folder}: a link on its way leads to nothing (a drive not "
    "connected, or a folder moved or deleted)",
)


def folder_refusal(error: OSError) -> str | None:
    """Why a folder cannot be made or written in, as a template naming ``{folder}``, for the
    reasons a person meets: a file in its place or in its path, a link to nothing on its
    way, no permission, a read-only or full disk. The system's own words ("File exists",
    "Not a directory") say what failed, not what is wrong. ``None`` for a rarer reason,
    where they are all there is to say."""
    if error.errno == errno.EEXIST and _leads_nowhere(error.filename):
        return _LINK_LEADS_NOWHERE
    return _FOLDER_REFUSALS.get(error.errno or 0)


def _leads_nowhere(path: object) -> bool:
    """Whether ``path`` (an error's file name) is a link to nothing: to a drive not plugged
    in, a folder moved or deleted, or round in a loop. Making a folder there fails as
    "File exists", which was said as "it is a file, not a folder"."""
    name = os.fsdecode(path) if isinstance(path, str | bytes) else ""
    return bool(name) and os.path.islink(name) and not os.path.exists(name)


def folder_refused(
    made: type[_Error], error: OSError, where: str, otherwise: str, **values: Value
) -> _Error:
    """``made`` saying why the folder ``where`` cannot be used (:func:`folder_refusal`); for
    a rarer reason, ``otherwise`` filled with ``values`` and the system's words as
    ``{reason}``."""
    template = folder_refusal(error)
    if template is None:
        return made.worded(otherwise, reason=str(error.strerror or error), **values)
    return made.worded(template, folder=where)


def _filled(template: str, values: Mapping[str, Value]) -> str:
    """``template`` in the installed language, filled with ``values``: a :class:`Reason` as
    its error's own detail is shown."""
    return fill_values(
        desktop.named_settings(translate(_CONTEXT, template)), values, _reason_detail
    )


def _reason_detail(reason: Reason) -> str:
    return explain_error_detail(reason.error)
