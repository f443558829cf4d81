"""A stopped job: what its row records of what reached KIE, and what may be done with it.

A stop records a note (:mod:`.notes`) by what had reached KIE when it was made: the
artist's Cancel (:func:`cancel_fields`), then the answer of a generate request that was out
meanwhile (:func:`late_answer_fields`). Read back, the row says what carries the job on
without paying twice: Retry (:func:`retry_state`), only Resubmit, which may charge twice
(:func:`needs_resubmit`), or Download again (:func:`can_download_again`); and, where an
action is refused, in what words, those of the job's own server (a demo job's are the demo
server's, not KIE's).

The engine acts on these answers, and the window and the command line show them (which
buttons a job offers, what a command refuses), so both say the same of a job.
"""

from __future__ import annotations

import time
from typing import Any

from kontext_studio.errors import LINK_REFUSED as HOST_REFUSED_LINK
from kontext_studio.errors import (
    ContentPolicyError,
    ExpiredResultError,
    FileReadOnlyError,
    FolderError,
    InputError,
    InternalError,
    JobGoneError,
    JobRunningError,
    KieAddressError,
    KontextError,
    LibraryBusyError,
    LibraryReadError,
    MaintenanceError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    Refusal,
    ReplyCutError,
    ResultNoLongerKeptError,
    ServerError,
    StorageError,
    UploadRefusedError,
    ValidationError,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.jobs.notes import (
    CANCEL_NOTE,
    FINISHED_NOTE,
    LATE_TASK_NOTE,
    LATE_TASK_RESENT_NOTE,
    NOT_SENT_AGAIN_NOTE,
    NOT_SENT_AGAIN_UPLOADED_NOTE,
    NOT_SENT_NOTE,
    NOT_SENT_UPLOADED_NOTE,
    NOT_TAKEN_AGAIN_NOTE,
    NOT_TAKEN_NOTE,
    REFUSED_NOTE,
    UPLOAD_REFUSED,
)
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.envelope import VALIDATION_CODE
from kontext_studio.store.ledger import GENERATED, NO_SUCH_JOB, Snapshot

RESUBMIT_ONLY = QT_TRANSLATE_NOOP(
    "Errors",
    "This job may have reached KIE while it was being sent; only Resubmit sends it again, "
    "and that may charge twice.",
)
RESUBMIT_ONLY_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "This demo job may have reached the demo server while it was being sent; only Resubmit "
    "sends it again. A demo job uses no real credits: that only lowers the demo balance.",
)
NOT_UNKNOWN = QT_TRANSLATE_NOOP("Errors", "Only jobs with an unknown outcome can be resubmitted.")
NOT_UNKNOWN_RETRIED = QT_TRANSLATE_NOOP(
    "Errors", "Only jobs with an unknown outcome can be resubmitted; Retry carries this one on."
)
COMPLETED_ALREADY = QT_TRANSLATE_NOOP(
    "Errors", "Job {job_id} has completed: there is nothing to retry."
)
RUNS_ALREADY = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id} is running already: it was retried, resubmitted or resumed meanwhile, "
    "perhaps by the window or another command. Wait for it to end; the library shows how "
    "it goes.",
)
RETRIED = frozenset({JobState.FAILED, JobState.CANCELLED, JobState.TIMEOUT})
"""The states a retry carries a job on from (one whose stop was not recorded aside)."""
MADE_IN_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id} was made in demo mode, by the simulator: it carries on only in demo mode.",
)
MADE_LIVE = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id} was sent to KIE in live mode: it carries on only in live mode, with your "
    "API key.",
)
RESULT_GONE = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE no longer has this image, so a retry cannot fetch it; generate it again as a new job.",
)
RESULT_GONE_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "The demo server no longer has this image, so a retry cannot fetch it; generate it again "
    "as a new job.",
)
TURNED_DOWN_TWICE = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE turned down a new link to this image twice, so a retry cannot fetch it; generate it "
    "again as a new job.",
)
TURNED_DOWN_TWICE_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "The demo server turned down a new link to this image twice, so a retry cannot fetch it; "
    "generate it again as a new job.",
)
STOPPED_TRYING = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE keeps an image for 14 days, and this one's days are over: Kontext Studio has "
    "stopped trying to fetch it, and a retry cannot; generate it again as a new job.",
)
STOPPED_TRYING_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "The demo server keeps an image for 14 days, and this one's days are over: Kontext "
    "Studio has stopped trying to fetch it, and a retry cannot; generate it again as a new "
    "job.",
)
RETRY_CANNOT_FETCH = QT_TRANSLATE_NOOP(
    "Errors", "A retry cannot fetch it; generate it again as a new job."
)
POLICY_REFUSED = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE refused this job's prompt or image under its content policy: a retry would send them "
    "unchanged, to be refused again, and may be charged. Change the prompt or the image and "
    "generate it again as a new job.",
)
POLICY_REFUSED_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "The demo server refused this job's prompt or image under its content policy: a retry "
    "would send them unchanged, to be refused again. Change the prompt or the image and "
    "generate it again as a new job.",
)
REQUEST_REFUSED = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE did not accept this job's request: a retry would send it unchanged, to be refused "
    "again. Change the prompt, image or options as KIE's message says, and generate it again "
    "as a new job.",
)
REQUEST_REFUSED_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "The demo server did not accept this job's request: a retry would send it unchanged, to "
    "be refused again. Change the prompt, image or options as its message says, and generate "
    "it again as a new job.",
)
UNSENDABLE = QT_TRANSLATE_NOOP(
    "Errors",
    "This job's saved request cannot be sent as it is (its message says why): a retry would "
    "stop the same way, before anything is sent to KIE. Change the prompt, image or options "
    "as its message says, and generate it again as a new job.",
)
UNSENDABLE_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "This job's saved request cannot be sent as it is (its message says why): a retry would "
    "stop the same way, before anything is sent to the demo server. Change the prompt, image "
    "or options as its message says, and generate it again as a new job.",
)
SENDS_ANEW = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE has no record of this job's task: a retry sends it again as a new job, which is charged.",
)
SENDS_ANEW_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "The demo server has no record of this job's task: a retry sends it again as a new job. A "
    "demo job uses no real credits: only the demo balance goes down.",
)
SENDS_KEPT_ANEW = QT_TRANSLATE_NOOP(
    "Errors",
    "This artwork was kept for a late answer to an earlier send of job {job_id}, and its task "
    "failed: a retry sends its prompt again as a new job, which is charged.",
)
SENDS_KEPT_ANEW_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "This artwork was kept for a late answer to an earlier send of job {job_id}, and its task "
    "failed: a retry sends its prompt to the demo server again as a new job. A demo job uses "
    "no real credits: only the demo balance goes down.",
)
NOT_RUNNING = QT_TRANSLATE_NOOP("Errors", "This job is not running, so there is nothing to cancel.")
NOT_DOWNLOADABLE = QT_TRANSLATE_NOOP(
    "Errors", "Only a finished image that KIE made can be downloaded again."
)
NOT_DOWNLOADABLE_DEMO = QT_TRANSLATE_NOOP(
    "Errors", "Only a finished image that the demo server made can be downloaded again."
)
DOWNLOADS_ALREADY = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id} is being downloaded again already, perhaps by another window or a command. "
    "Wait for it to end; the library shows how it goes.",
)
STILL_ON_DISK = QT_TRANSLATE_NOOP("Errors", "The image file is still there.")
LINK_EXPIRED = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id}'s image cannot be downloaded again: KIE keeps an image for 14 days only, "
    "and they are over, so its link has expired.",
)
LINK_EXPIRED_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id}'s image cannot be downloaded again: the demo server keeps an image for 14 "
    "days only, and they are over, so its link has expired.",
)
LINK_DELETED = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id}'s image cannot be downloaded again: KIE said it has deleted it.",
)
LINK_DELETED_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id}'s image cannot be downloaded again: the demo server said it has deleted it.",
)
LINK_REFUSED = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id}'s image cannot be downloaded again: KIE no longer accepts its link.",
)
LINK_REFUSED_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id}'s image cannot be downloaded again: the demo server no longer accepts its link.",
)
PUT_BACK_A_COPY = QT_TRANSLATE_NOOP(
    "Errors", "If you have a copy from a backup, put it in its place, under the same name."
)
# Failure kinds on the app's side. A job that failed with one after KIE made its task is
# followed again by a retry, not sent again.
OUR_SIDE_KINDS = frozenset(
    {
        InternalError.kind,
        StorageError.kind,
        FileReadOnlyError.kind,  # a library file read-only: the ledger's words for a write
        FolderError.kind,
        LibraryReadError.kind,
        LibraryBusyError.kind,
    }
)


def can_download_again(snap: Snapshot) -> bool:
    """Whether KIE has a link to the job's finished image (an upload has none)."""
    return snap.state is JobState.COMPLETED and snap.source == GENERATED and bool(snap.result_url)


def result_kept(snap: Snapshot, now: float | None = None) -> bool:
    """Whether KIE may still keep the job's result: its days of keeping it are not over
    (:func:`kept_days_over`), and KIE has not said it is deleted
    (:attr:`Snapshot.result_deleted`)."""
    return not (snap.result_deleted or kept_days_over(snap, now))


def kept_days_over(snap: Snapshot, now: float | None = None) -> bool:
    """Whether the days KIE keeps ``snap``'s result are over (:meth:`Snapshot.kept_days_over`),
    now unless ``now`` is given."""
    return snap.kept_days_over(time.time() if now is None else now)


def link_refused(snap: Snapshot) -> bool:
    """Whether the finished ``snap``'s Download again was refused on its server's word that
    the link is no file of its own (a 422), not that the image is deleted: the link is gone,
    and with it any Download again (:attr:`Snapshot.result_deleted`)."""
    return (
        snap.state is JobState.COMPLETED
        and snap.result_deleted
        and snap.error_code == VALIDATION_CODE
    )


def refetchable(snap: Snapshot) -> bool:
    """Whether Download again can give ``snap``'s image, gone or damaged: KIE has a link to
    it (:func:`can_download_again`), and still keeps it (:func:`result_kept`). Never of an
    imported artwork, which was never on KIE: its words say only to put a copy back."""
    return can_download_again(snap) and result_kept(snap)


def awaits_link(snap: Snapshot, now: float | None = None) -> bool:
    """Whether the failed ``snap`` gave up on a result link the host holding its image
    refused, even the new links KIE gave (:data:`~kontext_studio.errors.LINK_REFUSED`), while
    KIE may still keep the image (:func:`result_kept`): the engine tries it again by itself,
    free, later in the run and at the next start. Not one KIE itself turned down a new link
    for (a 422, its word), whose one free Retry is the artist's. Nor one whose try by itself
    failed for its own reason (a file over the size limit): only one that met a damaged
    download, the rate limit or no network on the way (:attr:`Snapshot.tried_by_itself`),
    its row saying so, is tried again."""
    refused = snap.error_kind == ExpiredResultError.kind and snap.error_message == HOST_REFUSED_LINK
    return (
        snap.state is JobState.FAILED
        and (refused or snap.tried_by_itself)
        and bool(snap.task_id and snap.result_url)
        and result_kept(snap, now)
    )


def result_gone(snap: Snapshot, now: float | None = None) -> bool:
    """Whether the job failed because KIE no longer has its image (its link expired and no
    fresh one could be had): nothing can fetch it, and generating it again is a new, paid
    job the artist starts (Reuse settings), never a retry. So is one whose refused links
    the engine tried by itself (:attr:`Snapshot.tried_by_itself`), its last try stopped
    by no network or the rate limit, once KIE's 14 days are over: before, its words (no
    network) offered a Retry, and never said the tries had stopped.

    One marked expired while KIE may still keep it (:func:`result_kept`: it has not said
    the result is deleted) is not taken for gone: older versions marked a result expired
    for any failure to get a fresh link, and a retry asks KIE for one again, free. Before
    KIE's word was kept, a result it said was deleted was asked for again by every Retry,
    which failed the same way each time."""
    expired = snap.state is JobState.FAILED and (
        snap.error_kind == ExpiredResultError.kind or snap.tried_by_itself
    )
    return expired and not (snap.result_url and result_kept(snap, now))


REFUSED_AS_SENT = frozenset({ContentPolicyError.kind, ValidationError.kind})
"""Why KIE refused a job's generate that it refuses again as the job froze it: its content
policy (the prompt or image), or its checks of the request (a validation error: KIE's own
422 envelope; a gateway's bare 422 page says nothing of the request, and is no such kind)."""


def refused_as_sent(snap: Snapshot) -> bool:
    """Whether the job was refused as it was sent (:data:`REFUSED_AS_SENT`), or could not be
    sent as it was saved (:func:`unsendable`). A retry sends the prompt, image and options
    the job froze, which are refused again, and a generate KIE takes may be charged: only a
    new job, its prompt, image or options changed (Reuse settings), is worth sending."""
    if snap.state is not JobState.FAILED:
        return False
    return snap.error_kind in REFUSED_AS_SENT or unsendable(snap)


def unsendable(snap: Snapshot) -> bool:
    """Whether the failed job stopped before KIE made a task for it, on the app's own checks
    of the request it saved (``invalid_input``: a ratio or model no longer accepted, a
    prompt over the limit, its reference image no longer on disk): a retry checks the same
    request again and stops the same way, sending nothing. One that failed so after KIE made
    its task (its result link unusable) is not: a retry fetches the result again, free."""
    return (
        snap.state is JobState.FAILED
        and snap.error_kind == InputError.kind
        and not (snap.task_id or snap.result_url)
    )


def refused_as_sent_refusal(snap: Snapshot) -> Refusal:
    """Why a retry of ``snap``, refused by its server as it was sent
    (:func:`refused_as_sent`), is refused, in that server's words."""
    if snap.error_kind == ContentPolicyError.kind:
        return Refusal.worded(POLICY_REFUSED_DEMO if snap.simulated else POLICY_REFUSED)
    if unsendable(snap):
        return Refusal.worded(UNSENDABLE_DEMO if snap.simulated else UNSENDABLE)
    return Refusal.worded(REQUEST_REFUSED_DEMO if snap.simulated else REQUEST_REFUSED)


def result_gone_words(snap: Snapshot) -> str:
    """Why ``snap``, whose image is gone for good (:func:`result_gone`), is not retried, in
    its own server's words (untranslated): a demo job's image was the demo server's, not
    KIE's. One whose new link it turned down twice (a 422 each time) says so: it did not say
    the image is deleted; one whose links the host refused, tried by itself until KIE's 14
    days were over (:func:`awaits_link`), says the tries have stopped."""
    if snap.result_deleted and snap.facts.link_refused:
        return TURNED_DOWN_TWICE_DEMO if snap.simulated else TURNED_DOWN_TWICE
    refused = snap.error_message == HOST_REFUSED_LINK or snap.tried_by_itself
    if refused and not snap.result_deleted:
        # tried by itself until now (awaits_link), its last try's failure a refusal or a
        # passing trouble (no network, the rate limit): it says it gave up
        return STOPPED_TRYING_DEMO if snap.simulated else STOPPED_TRYING
    return RESULT_GONE_DEMO if snap.simulated else RESULT_GONE


def result_gone_hint(snap: Snapshot) -> str:
    """What to do with ``snap``, whose image is gone for good (:func:`result_gone`), said
    after its failure line (untranslated). Deleted within the days its server keeps results
    (:attr:`~kontext_studio.explain.Facts.deleted_early`), that line already says the server
    no longer has the image: only what a retry cannot do is added. Before, the words that
    followed said it a second time. So too of a new link turned down twice: that line says
    so (:attr:`~kontext_studio.explain.Facts.link_refused`)."""
    facts = snap.facts
    gone_early = facts.deleted_early or (facts.link_refused and snap.result_deleted)
    return RETRY_CANNOT_FETCH if gone_early else result_gone_words(snap)


def result_gone_refusal(snap: Snapshot) -> Refusal:
    """Why a retry of ``snap``, whose image is gone for good (:func:`result_gone`), is
    refused (:func:`result_gone_words`)."""
    return Refusal.worded(result_gone_words(snap))


def resubmit_only_refusal(snap: Snapshot) -> Refusal:
    """Why a retry of ``snap``, which may have reached its server unrecorded
    (:func:`needs_resubmit`), is refused: only a resubmit sends it again."""
    return Refusal.worded(RESUBMIT_ONLY_DEMO if snap.simulated else RESUBMIT_ONLY)


def sends_anew_refusal(snap: Snapshot) -> Refusal:
    """Why a retry of ``snap``, which sends a new generate (:func:`retry_sends_anew`), is
    refused without the artist's word that a new, charged job is wanted: its server has no
    record of its task, or it is a kept artwork whose task failed."""
    if task_lost(snap) or snap.made_for_job is None:
        return Refusal.worded(SENDS_ANEW_DEMO if snap.simulated else SENDS_ANEW)
    words = SENDS_KEPT_ANEW_DEMO if snap.simulated else SENDS_KEPT_ANEW
    return Refusal.worded(words, job_id=snap.made_for_job)


def not_carried_on(job_id: int, current: Snapshot | None) -> Refusal | None:
    """Why a retry or resubmit of job ``job_id``, which is ``current`` now, cannot carry it
    on, worded by that state: gone, running already (two retries at once: the one that
    lost), completed; None for a state a retry takes."""
    if current is None:
        return JobGoneError.worded(NO_SUCH_JOB, job_id=job_id)
    if current.state.is_active:
        return JobRunningError.worded(RUNS_ALREADY, job_id=job_id)
    if current.state is JobState.COMPLETED:
        return Refusal.worded(COMPLETED_ALREADY, job_id=job_id)
    return None


def retry_refused(snap: Snapshot) -> Refusal | None:
    """Why a retry of ``snap`` is refused in either mode: it completed, its result is gone
    for good (:func:`result_gone`), or its server refused it as it was sent
    (:func:`refused_as_sent`); None where its own mode would take it on."""
    if result_gone(snap):
        return result_gone_refusal(snap)
    if refused_as_sent(snap):
        return refused_as_sent_refusal(snap)
    return not_carried_on(snap.id, snap) if snap.state is JobState.COMPLETED else None


def resubmit_refused(snap: Snapshot) -> Refusal | None:
    """Why a resubmit of ``snap`` is refused in either mode: its outcome is known."""
    if snap.state.is_active or needs_resubmit(snap):
        return None
    return not_unknown_refusal(snap)


def not_unknown_refusal(snap: Snapshot) -> Refusal:
    """Why ``snap``, whose outcome is known, is not resubmitted: and, where a retry carries
    it on (a failed, timed-out or cancelled job whose image is not gone, nor refused as it
    was sent), that Retry does."""
    if snap.state in RETRIED and not (result_gone(snap) or refused_as_sent(snap)):
        return Refusal.worded(NOT_UNKNOWN_RETRIED)
    return Refusal.worded(NOT_UNKNOWN)


def other_mode_refusal(snap: Snapshot) -> Refusal:
    """Why ``snap``, a job of the other mode (demo or live), is not carried on here: its
    task is known only to its own mode's server."""
    return Refusal.worded(MADE_IN_DEMO if snap.simulated else MADE_LIVE, job_id=snap.id)


def download_refused(snap: Snapshot) -> Refusal | None:
    """Why Download again of ``snap`` is refused in either mode: it is being downloaded
    already (another window's Download again took it first: it was said to be no finished
    image the server made), or no server has a link to its image (it is not finished, or
    it was uploaded, not generated)."""
    if can_download_again(snap):
        return None
    if snap.state is JobState.DOWNLOADING:
        return JobRunningError.worded(DOWNLOADS_ALREADY, job_id=snap.id)
    return Refusal.worded(NOT_DOWNLOADABLE_DEMO if snap.simulated else NOT_DOWNLOADABLE)


def download_expired(snap: Snapshot, now: float | None = None) -> ResultNoLongerKeptError | None:
    """Why Download again of ``snap`` is refused once its server no longer keeps its image
    (:func:`result_kept`: its 14 days are over, or it said the image is deleted or no longer
    took its link), in words that say which: nothing is asked of it, which would only refuse
    again, and the finished artwork is left as it is, for a copy from a backup to put its
    file right."""
    if result_kept(snap, now):
        return None
    if link_refused(snap):
        words = LINK_REFUSED_DEMO if snap.simulated else LINK_REFUSED
    elif snap.result_deleted:
        words = LINK_DELETED_DEMO if snap.simulated else LINK_DELETED
    else:
        words = LINK_EXPIRED_DEMO if snap.simulated else LINK_EXPIRED
    return ResultNoLongerKeptError.worded(words, job_id=snap.id).advising(PUT_BACK_A_COPY)


def retry_state(snap: Snapshot) -> JobState:
    """What a retry moves the stopped job ``snap`` (in :data:`RETRIED`) to: a failed or
    cancelled job with a link to its result downloads it again; a timed-out one, or one
    whose task KIE made and the app's side (:data:`OUR_SIDE_KINDS`) or a cancel stopped
    following, is followed again; anything else is queued again, to be sent."""
    followed_again = (
        snap.state is JobState.FAILED and snap.error_kind in OUR_SIDE_KINDS
    ) or snap.state is JobState.CANCELLED  # KIE has no cancel: its task ran on, paid for
    if snap.state in (JobState.FAILED, JobState.CANCELLED) and snap.result_url:
        return JobState.DOWNLOADING
    if snap.state is JobState.TIMEOUT or (followed_again and snap.task_id):
        return JobState.GENERATING
    return JobState.QUEUED


def retry_sends_anew(snap: Snapshot) -> bool:
    """Whether a retry sends a new generate, charged as a new job, that only the artist's
    explicit word sends: for a job whose task KIE made and then had no record of (not found
    when asked about it: :func:`task_lost`), or for an artwork kept for another job's late
    task, its task failed (:func:`kept_sends_anew`). A retry that fetches a result KIE
    holds stays free."""
    return task_lost(snap) or kept_sends_anew(snap)


def task_lost(snap: Snapshot) -> bool:
    """Whether ``snap``'s task, which KIE made, is one KIE then had no record of (not found
    when asked about it): a retry sends it again as a new, charged job."""
    return (
        snap.state is JobState.FAILED
        and snap.error_kind == NotFoundError.kind
        and bool(snap.task_id)
        and not snap.result_url
    )


def kept_sends_anew(snap: Snapshot) -> bool:
    """Whether ``snap`` is an artwork kept for a late task of another job's earlier send
    (:attr:`Snapshot.made_for_job`) whose retry sends its prompt again (its task failed at
    KIE: :func:`retry_state` queues it): a new, charged generate, for an image the job it
    was kept for was sent again to make. Before, one click of Retry paid for it unasked;
    a retry that follows its task or fetches its image stays free, and one click."""
    return (
        snap.made_for_job is not None
        and snap.state in RETRIED
        and retry_state(snap) is JobState.QUEUED
        and not (result_gone(snap) or refused_as_sent(snap))
    )


def retry_sends(snap: Snapshot) -> bool:
    """Whether a retry of ``snap`` sends its generate again, charged as any new job KIE
    takes (:func:`retry_state` queues it): one cancelled before its send went out
    (:func:`retry_sends_cancelled`), one that failed before reaching KIE or that KIE failed
    or turned away, and those only the artist's word sends (:func:`retry_sends_anew`). An
    image an earlier send of it made, kept as an artwork of its own, is paid for again."""
    return (
        snap.state in RETRIED
        and retry_state(snap) is JobState.QUEUED
        and not (needs_resubmit(snap) or result_gone(snap) or refused_as_sent(snap))
    )


def kept_image_there(kept: Snapshot) -> bool:
    """Whether ``kept``, an artwork kept for a late task of an earlier send of a job
    (:attr:`Snapshot.made_for_job`), has that send's image or is making it: a retry that
    sends the job again (:func:`retry_sends`) pays for it twice, so only the artist's word
    sends it. One whose task failed or stopped has none to pay for twice."""
    return kept.state is JobState.COMPLETED or kept.state.is_active


def retry_follows_cancelled(snap: Snapshot) -> bool:
    """Whether ``snap`` was cancelled after KIE made its task, so that a retry follows that
    task and fetches its image (:func:`retry_state`) rather than send it again:
    KIE has no cancel call, and the task ran on, paid for."""
    return snap.state is JobState.CANCELLED and bool(snap.task_id or snap.result_url)


def retry_sends_cancelled(snap: Snapshot) -> bool:
    """Whether ``snap`` was cancelled with no task at KIE and no request of unknown outcome:
    stopped before its generate request went out (queued, its reference uploading), or
    KIE provably did not take it. A retry then queues it again (:func:`retry_state`)
    and sends it: charged, as any new job KIE takes."""
    return (
        snap.state is JobState.CANCELLED
        and not (snap.task_id or snap.result_url)
        and not needs_resubmit(snap)
    )


def cancelled_unsent(snap: Snapshot) -> bool:
    """Whether ``snap`` was cancelled before its last generate request left this computer
    (its note says so): that send never reached KIE, and was not charged. An earlier send
    of the job may have been, as its note says then (``paid_before`` of
    :func:`cancel_fields`)."""
    notes = (
        NOT_SENT_NOTE,
        NOT_SENT_UPLOADED_NOTE,
        NOT_SENT_AGAIN_NOTE,
        NOT_SENT_AGAIN_UPLOADED_NOTE,
    )
    return retry_sends_cancelled(snap) and snap.error_message in notes


def earlier_send_may_have_cost(snap: Snapshot) -> bool:
    """Whether ``snap`` was cancelled after its last send never reached KIE, or KIE turned it
    away, while an earlier send of it may have been charged (a Resubmit after a send whose
    outcome was unknown), as its note says: Delete says so, as of a job whose send may have
    reached KIE (:func:`needs_resubmit`)."""
    notes = (NOT_SENT_AGAIN_NOTE, NOT_SENT_AGAIN_UPLOADED_NOTE, NOT_TAKEN_AGAIN_NOTE)
    return retry_sends_cancelled(snap) and snap.error_message in notes


def last_send_may_have_cost(snap: Snapshot) -> bool:
    """Whether the last send of the cancelled ``snap`` may have been charged with no task
    recorded for it: its outcome is unknown (:func:`needs_resubmit`), or KIE refused it
    other than for its rate limit or maintenance (:data:`REFUSED_NOTE`)."""
    refused = snap.state is JobState.CANCELLED and snap.error_message == REFUSED_NOTE
    return needs_resubmit(snap) or refused


def later_send_may_have_cost(snap: Snapshot) -> bool:
    """Whether ``snap`` keeps the task KIE made for an earlier send, and a later send of it,
    cancelled while out, may have been charged too (:data:`LATE_TASK_RESENT_NOTE`): Delete
    says so, as of a job whose send may have reached KIE."""
    return retry_follows_cancelled(snap) and snap.error_message == LATE_TASK_RESENT_NOTE


def cancelled_turned_away(snap: Snapshot) -> bool:
    """Whether ``snap`` was cancelled after KIE turned its last send away (its rate limit,
    maintenance) or that send never reached KIE, as its note says: no task was made for it,
    so there is nothing at KIE to check on; a retry sends it, charged as any new job."""
    notes = (NOT_TAKEN_NOTE, NOT_TAKEN_AGAIN_NOTE)
    return retry_sends_cancelled(snap) and snap.error_message in notes


def nothing_charged_note(snap: Snapshot) -> bool:
    """Whether ``snap``'s row alone proves that no send of it was charged: it was cancelled
    before its one send left (or was never sent). What an engine saw of its sends tells
    more (:meth:`~kontext_studio.jobs.engine.JobEngine.charged_nothing`); the row is read
    after a restart, or when another process sent the job.

    Not a note that "nothing was charged" of a job sent more than once, nor that KIE did
    not take the job, alone: builds before the notes of this send only (``…_AGAIN_…``)
    wrote them on Resubmitted jobs, whose earlier send may have been charged, and builds
    before :data:`REFUSED_NOTE` wrote "KIE did not take the job" for any refusal, a content
    policy or a server error too, which KIE does not document as free. Those builds kept no
    kind with it: a row that keeps the kind of the answer that made nothing (a 429,
    maintenance, no connection: :func:`_made_nothing_kind`) beside that note was written
    since, and is proof. Before, a job KIE turned away with a 429 and cancelled was said,
    after a restart, to perhaps have been charged."""
    if not retry_sends_cancelled(snap):
        return False
    if snap.error_message == NOT_TAKEN_NOTE:
        return snap.error_kind in MADE_NOTHING_KINDS
    notes = (NOT_SENT_NOTE, NOT_SENT_UPLOADED_NOTE)
    return snap.submit_count <= 1 and snap.error_message in notes


MADE_NOTHING_KINDS = frozenset(
    {RateLimitedError.kind, MaintenanceError.kind, NetworkError.kind, UploadRefusedError.kind}
)
"""The kinds of a send's answer that made nothing at KIE and cost nothing (kie-api.md: a 429
and a 455 are dropped; a send that found no connection never left): a cancelled row keeps
the kind beside its note of "KIE did not take the job" (:func:`nothing_charged_note`); so
is an upload its service refused or cut short (:func:`upload_refused`): no generate was
sent on that try. Not
:class:`~kontext_studio.errors.ReplyCutError`'s: a generate's reply cut short may have
made a task (the client says so as an unknown outcome)."""


def _made_nothing_kind(kind: str) -> str:
    """``kind`` when it is one of :data:`MADE_NOTHING_KINDS`, kept on a cancelled row with
    its note; else empty (a cancel is no error)."""
    return kind if kind in MADE_NOTHING_KINDS else ""


def cancel_fields(
    snap: Snapshot,
    unsent_count: int | None = None,
    *,
    paid_before: bool = True,
    between_sends: bool = False,
) -> dict[str, Any]:
    """What a cancel of the running job ``snap`` records: the note that credits may still be
    spent once it may have reached KIE, or that they are spent once KIE finished its task
    (its image was downloading: Retry fetches it), and for one caught sending (no task id
    yet) the unknown outcome that leaves only Resubmit to send it again, until the
    request's answer says more (:meth:`~kontext_studio.jobs.engine.JobEngine._keep_late_answer`).
    ``unsent_count``: the submit count of this process's send, stopped before its request
    went out (:meth:`~kontext_studio.jobs.engine.JobEngine._run_stopped`), once its move to
    submitting landed: that send never left, and the row says so, as it does for a job
    never sent at all (queued, or its reference uploading). ``paid_before``: whether a send
    of the job before that one may have been charged (a Resubmit after a send whose outcome
    is unknown), which its note then says; the row cannot tell that from sends KIE turned
    away (a 429 the engine sent past), so only the engine that sent it knows. A job queued
    again after a send (a Resubmit) is noted so, as its next send was stopped before it
    left: an earlier send of it may have been charged (before, it kept no note, and its
    preview and Delete said nothing of that charge). ``between_sends``: the engine that
    ran the job saw each of its sends up to ``snap``'s count make nothing at KIE but
    ``paid_before`` says (KIE turned the last one away, or it never reached KIE), and
    ``snap`` waits to be sent again (the back-off after a 429): the note says so
    (:func:`_turned_away_note`)."""
    if snap.state is JobState.DOWNLOADING:
        return {"error_kind": "", "error_message": FINISHED_NOTE}
    sending = snap.state is JobState.SUBMITTING and not snap.task_id
    if sending and unsent_count is not None and snap.submit_count == unsent_count:
        return {"error_kind": "", "error_message": _not_sent_note(snap, paid_before)}
    if between_sends and snap.submit_count and not (snap.task_id or sending):
        note = _turned_away_note(snap, paid_before)
        return {"error_kind": _made_nothing_kind(snap.error_kind), "error_message": note}
    if not (snap.task_id or sending):
        note = _not_sent_note(snap, paid_before=paid_before and snap.submit_count > 0)
        return {"error_kind": "", "error_message": note}
    kind = OutcomeUnknownError.kind if sending else ""
    return {"error_kind": kind, "error_message": CANCEL_NOTE}


def _not_sent_note(snap: Snapshot, paid_before: bool) -> str:
    """The note of a job stopped before its generate request left: nothing was sent, or its
    reference image alone (:func:`reference_uploaded`, or on its way: uploads are free); of
    this send only, when an earlier one may have been charged (``paid_before``). A job
    sent before (``snap``'s count is this send's), none of whose sends may have been
    charged, was turned away by KIE (a 429, maintenance) or never reached it: "nothing was
    sent" is not true of a send KIE turned away, while "KIE did not take the job" is of
    both."""
    uploaded = reference_uploaded(snap) or snap.state is JobState.UPLOADING
    if paid_before:
        return NOT_SENT_AGAIN_UPLOADED_NOTE if uploaded else NOT_SENT_AGAIN_NOTE
    if snap.submit_count > 1:
        return NOT_TAKEN_NOTE
    return NOT_SENT_UPLOADED_NOTE if uploaded else NOT_SENT_NOTE


def _turned_away_note(snap: Snapshot, paid_before: bool) -> str:
    """The note of a job stopped between two sends, the last of which made nothing at KIE:
    KIE turned it away (its rate limit, maintenance: the row keeps why, as what holds the
    job up), or it never reached KIE, as the late answer of a send out says
    (:func:`late_answer_fields`)."""
    if snap.error_kind in (RateLimitedError.kind, MaintenanceError.kind):
        return NOT_TAKEN_AGAIN_NOTE if paid_before else NOT_TAKEN_NOTE
    return _not_sent_note(snap, paid_before)


def late_answer_fields(
    answer: str | KontextError, sent: Snapshot, *, paid_before: bool = True
) -> dict[str, Any] | None:
    """What a cancelled job's row keeps of the late ``answer`` to its generate request
    (``sent``, the row as it was sent:
    :meth:`~kontext_studio.jobs.engine.JobEngine._keep_late_answer`); ``None``: its outcome
    is still unknown. ``paid_before``: as for :func:`cancel_fields`.

    Only a request that never left, or that KIE dropped for its rate limit (429) or
    maintenance (455), is said to have cost nothing: KIE documents no other refusal of
    ``generate`` (a content policy, a server error) as free, and the note of "nothing was
    charged" is proof enough for a Retry to say the job costs nothing
    (:func:`nothing_charged_note`)."""
    if isinstance(answer, str):
        return {
            "task_id": answer,
            "submitted_at": time.time(),
            "error_kind": "",
            "error_message": LATE_TASK_NOTE,
        }
    if isinstance(answer, OutcomeUnknownError | ReplyCutError):
        return None  # a reply cut short came from KIE: the task may exist
    if isinstance(answer, NetworkError | KieAddressError | InputError):
        note = _not_sent_note(sent, paid_before)  # it never left this computer
    elif isinstance(answer, RateLimitedError | MaintenanceError):
        note = NOT_TAKEN_AGAIN_NOTE if paid_before else NOT_TAKEN_NOTE  # dropped by KIE
    else:
        note = REFUSED_NOTE
    return {"error_kind": _made_nothing_kind(answer.kind), "error_message": note}


def never_sent(snap: Snapshot) -> bool:
    """Whether the job failed because KIE could not be reached while it was being sent, or
    its upload service kept refusing the reference (said as KIE's server error): no task
    was made and nothing was charged (a try whose outcome is unknown ends ``unknown``
    instead), so a retry sends it without paying twice."""
    return (
        snap.state is JobState.FAILED
        and (snap.error_kind == NetworkError.kind or upload_refused(snap))
        and not (snap.task_id or snap.result_url)
    )


def upload_refused(snap: Snapshot) -> bool:
    """Whether the job stopped because KIE's upload service would not take its reference
    (a server error, an answer cut short): KIE answered, so words about a connection that
    failed are not true of it, but, as for one, its generate call was never made. Rows of
    builds before its kind was its own keep a server error's, with its note."""
    if snap.error_kind == UploadRefusedError.kind:
        return True
    return snap.error_kind == ServerError.kind and snap.error_message == UPLOAD_REFUSED


def reference_uploaded(snap: Snapshot) -> bool:
    """Whether the job's reference image went to KIE's file upload service for one of its
    sends (uploads are free): a job that never reached KIE's generate call has still sent
    that picture, so "nothing was sent" would not be true of it."""
    return snap.input_uploaded_at is not None


def needs_resubmit(snap: Snapshot) -> bool:
    """Whether the job's generate may have reached KIE with no task id recorded (its outcome
    is unknown, or it was cancelled while sending): sending it again may charge twice, so
    only the artist's explicit Resubmit does."""
    # A row cancelled before the kind was recorded carries only the note, which cancel wrote
    # with no task id only for a job caught sending.
    return snap.state is JobState.UNKNOWN or (
        snap.state is JobState.CANCELLED
        and not snap.task_id
        and (snap.error_kind == OutcomeUnknownError.kind or snap.error_message == CANCEL_NOTE)
    )
