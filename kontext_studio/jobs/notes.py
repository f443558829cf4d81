"""The notes a job's row keeps of what reached KIE and what it cost: a cancelled job's, and
that of a job stopped while it was being sent, whose outcome is unknown.

A row stores the live note, in English: it is also a key (``stopped.needs_resubmit`` reads
:data:`CANCEL_NOTE`), and rows written before demo words existed hold it too. A demo job
never reached KIE and used no real credits, so where a note is shown it is read through
:func:`shown_note`: the one place that gives a demo job its demo server's words.
"""

from __future__ import annotations

from kontext_studio.i18n import QT_TRANSLATE_NOOP

CANCEL_NOTE = QT_TRANSLATE_NOOP(
    "Errors", "Stopped tracking. KIE has no cancel call, so credits may still be spent."
)
LATE_TASK_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "Stopped tracking, but KIE had already taken the job, so its credits are spent. Retry "
    "fetches the image without paying again.",
)
LATE_TASK_RESENT_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "Stopped tracking, but KIE had already taken an earlier send of the job, so its credits "
    "are spent; Retry fetches that image without paying again. The last send may or may not "
    "have been charged as well.",
)
"""The note of a job sent again (a Resubmit) and cancelled while that send was out, its
outcome unknown, when KIE then answers the earlier send with its task: the row keeps that
task, and the last send may have made (and charged) another."""
FINISHED_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "Stopped tracking, but KIE had already finished the image, so its credits are spent. "
    "Retry fetches the image without paying again.",
)
"""The note of a job cancelled while its image was downloading: KIE's task had finished."""
UPLOAD_REFUSED = QT_TRANSLATE_NOOP(
    "Errors", "KIE’s upload service did not take the reference image"
)
"""The message of a job held up, or failed, by KIE's upload service refusing its reference
(an ``UploadRefusedError``): it never reached KIE's generate call, as a job that failed
for want of a connection (``stopped.never_sent`` reads it)."""
UPLOAD_CUT = QT_TRANSLATE_NOOP(
    "Errors", "KIE’s upload service began to answer, but its answer stopped before it was complete"
)
"""The message of a job whose reference's upload KIE's upload service began to answer and
did not finish (a reply cut off, or timed out, after its status came): its words, not those
of a service that refused it."""
NOT_SENT_NOTE = QT_TRANSLATE_NOOP(
    "Errors", "Stopped before it reached KIE: nothing was sent or charged."
)
NOT_SENT_UPLOADED_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "Stopped before it reached KIE: only the reference image was uploaded (uploads are free), "
    "and nothing was charged.",
)
NOT_TAKEN_NOTE = QT_TRANSLATE_NOOP(
    "Errors", "Stopped tracking. KIE did not take the job, so nothing was charged."
)
REFUSED_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "Stopped tracking. KIE turned the job away and made no image; it may or may not have been "
    "charged.",
)
"""The note of a job whose generate request, out when it was cancelled, KIE then answered
with a refusal other than its rate limit or maintenance (a content policy, a server error,
a refused key): only those two are documented to cost nothing (kie-api.md), and a job that
fails so uncancelled is not taken for one that cost nothing either."""
# The same three of a send after one that may have been charged (``paid_before`` of
# ``stopped.cancel_fields``: a job Resubmitted after a send whose outcome was unknown), so
# "nothing was charged" is said of this send only.
NOT_SENT_AGAIN_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "Stopped before this send reached KIE, so it was not charged; an earlier send of the job "
    "may have been.",
)
NOT_SENT_AGAIN_UPLOADED_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "Stopped before this send reached KIE: only the reference image was uploaded (uploads "
    "are free), so it was not charged; an earlier send of the job may have been.",
)
NOT_TAKEN_AGAIN_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "Stopped tracking. KIE did not take this send, so it was not charged; an earlier send of "
    "the job may have been.",
)
# A job caught sending (at a restart, or stopped by a bug), made ``unknown``: told after the
# words of its kind (explain.explain_kind).
SENDING_STOPPED_NOTE = QT_TRANSLATE_NOOP(
    "Errors", "The app stopped while sending; it may or may not have been charged."
)
SENDING_BROKEN_NOTE = QT_TRANSLATE_NOOP(
    "Errors",
    "An error inside Kontext Studio stopped it while sending; it may or may not have been charged.",
)

DEMO_NOTES = {
    CANCEL_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped tracking. The demo server, like KIE, has no cancel call, so it may still "
        "finish the job. A demo job uses no real credits: only the demo balance goes down.",
    ),
    LATE_TASK_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped tracking, but the demo server had already taken the job, so the demo balance "
        "went down for it (no real credits). Retry fetches the image without lowering it again.",
    ),
    LATE_TASK_RESENT_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped tracking, but the demo server had already taken an earlier send of the job, "
        "so the demo balance went down for it (no real credits); Retry fetches that image "
        "without lowering it again. The last send may or may not have lowered the demo "
        "balance as well.",
    ),
    FINISHED_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped tracking, but the demo server had already finished the image, so the demo "
        "balance went down for it (no real credits). Retry fetches the image without lowering "
        "it again.",
    ),
    NOT_SENT_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped before it reached the demo server: nothing was sent, and the demo balance did "
        "not go down.",
    ),
    NOT_SENT_UPLOADED_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped before it reached the demo server: only the reference image was uploaded to "
        "it, and the demo balance did not go down.",
    ),
    NOT_TAKEN_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped tracking. The demo server did not take the job, so the demo balance did not "
        "go down.",
    ),
    REFUSED_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped tracking. The demo server turned the job away and made no image; the demo "
        "balance may or may not have gone down for it.",
    ),
    NOT_SENT_AGAIN_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped before this send reached the demo server, so it did not lower the demo "
        "balance; an earlier send of the job may have.",
    ),
    NOT_SENT_AGAIN_UPLOADED_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped before this send reached the demo server: only the reference image was "
        "uploaded to it, so it did not lower the demo balance; an earlier send of the job "
        "may have.",
    ),
    NOT_TAKEN_AGAIN_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "Stopped tracking. The demo server did not take this send, so it did not lower the "
        "demo balance; an earlier send of the job may have.",
    ),
    SENDING_STOPPED_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "The app stopped while sending it to the demo server; the demo balance may or may not "
        "have gone down for it.",
    ),
    SENDING_BROKEN_NOTE: QT_TRANSLATE_NOOP(
        "Errors",
        "An error inside Kontext Studio stopped it while sending it to the demo server; the "
        "demo balance may or may not have gone down for it.",
    ),
}
"""Each live note with its demo words, which a demo job's explanation keeps (:mod:`explain`
leaves out any other detail of a demo job's kind: KIE's words, the connection's)."""


def shown_note(message: str, demo: bool) -> str:
    """``message`` (a row's ``error_message``) as its job says it, still in English: a demo
    job's notes speak of the demo server and the demo balance, any other text is itself."""
    return DEMO_NOTES.get(message, message) if demo else message
