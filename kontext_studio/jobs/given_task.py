"""A task id the artist found in their logs on kie.ai, given to a job whose outcome is unknown
(:meth:`~kontext_studio.jobs.engine.JobEngine.attach_task`): what is refused before KIE is
asked, and what of KIE's record of the task must match the job's request before the job
follows it. KIE cannot list tasks, so the artist's logs are the only place its id is found;
a wrong id must never bring another job's image (nor one task two artworks)."""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from kontext_studio.errors import Moment, Reason, Refusal, Term
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import needs_resubmit
from kontext_studio.kie.envelope import MAX_TASK_ID_CHARS
from kontext_studio.kie.models import GenerateRequest, TaskRecord
from kontext_studio.store.ledger import DeletedTask, Snapshot

NOT_A_TASK_ID = QT_TRANSLATE_NOOP(
    "Errors",
    "That is not a task ID: copy the task ID alone from the logs of your account on kie.ai, "
    "without spaces or a link around it.",
)
NOT_UNKNOWN_GIVEN = QT_TRANSLATE_NOOP(
    "Errors",
    "Only a job whose outcome is unknown can be given a task ID; this one's outcome is known.",
)
NO_SUCH_TASK = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE has no task “{task_id}”: check that it was copied whole from the logs of your "
    "account on kie.ai. The job was left as it was.",
)
NO_SUCH_TASK_DEMO = QT_TRANSLATE_NOOP(
    "Errors", "The demo server has no task “{task_id}”. The job was left as it was."
)
OTHER_PROMPT = QT_TRANSLATE_NOOP(
    "Errors",
    "Task “{task_id}” was made for another prompt, “{prompt}”, not this job's: it was not "
    "taken, and the job was left as it was.",
)
NO_PROMPT_SAID = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE did not say which prompt task “{task_id}” was made for, so it cannot be told to be "
    "this job's: it was not taken, and the job was left as it was.",
)
OTHER_SETTINGS = QT_TRANSLATE_NOOP(
    "Errors",
    "Task “{task_id}” has this job's prompt but was made with another setting ({setting}): "
    "it was not taken, and the job was left as it was.",
)
OTHER_RATIO = QT_TRANSLATE_NOOP("Errors", "aspect ratio {theirs}, not {ours}")
OTHER_MODEL = QT_TRANSLATE_NOOP("Errors", "model {theirs}, not {ours}")
EDIT_NOT_SAID = QT_TRANSLATE_NOOP("Errors", "an edit of a reference image, not a new image")
OTHER_REFERENCE = QT_TRANSLATE_NOOP("Errors", "another job's reference image")
TASK_TAKEN = QT_TRANSLATE_NOOP(
    "Errors",
    "Task “{task_id}” is already in the library, as the task of “{title}”: one task makes "
    "one artwork, so it was not taken again.",
)
KEPT_FROM_EARLIER_SEND = QT_TRANSLATE_NOOP(
    "Errors",
    "Task “{task_id}” is already kept in your library as “{title}”, from an earlier send of "
    "this job: one task makes one artwork, so it was not taken again.",
)
IMAGE_KEPT_FROM_EARLIER_SEND = QT_TRANSLATE_NOOP(
    "Errors",
    "The image of task “{task_id}” is already kept in your library as “{title}”, from an "
    "earlier send of this job: one task makes one artwork, so it was not taken again.",
)
TASK_DELETED = QT_TRANSLATE_NOOP(
    "Errors",
    "Task “{task_id}” was the task of “{title}”, which was deleted from the library on "
    "{when}: one task makes one artwork, so it was not taken again.",
)
KEEPS_RATIO = QT_TRANSLATE_NOOP("Errors", "the reference's own")
PROMPT_SHOWN_CHARS = 60
"""How much of the prompt of another's task a refusal shows."""


class CheckCalledOff(Exception):
    """The artist called off the check of a task id (:meth:`CallOff.call_off`) before the
    job was given the task: the job was left as it was. Never said: they asked for it."""


class CallOff:
    """The artist's Cancel of a check of a task id, and the write that gives the job the
    task: whichever comes first wins, whole. They meet on two threads (the window's, and
    the ledger writer's inside that write's transaction), hence the lock. The write is the
    point of no return: called off before it, even while it waits for the library, the job
    is given nothing; once under way, Cancel is too late, and the job follows the task."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._called_off = False
        self._writing = False

    def call_off(self) -> bool:
        """Call the check off; False when it is too late: the task id is being written."""
        with self._lock:
            if not self._writing:
                self._called_off = True
            return self._called_off

    def writing(self) -> None:
        """In the write that gives the job the task, before it: raise
        :class:`CheckCalledOff` when the check was called off; else, from here on it cannot
        be."""
        with self._lock:
            if self._called_off:
                raise CheckCalledOff()
            self._writing = True


def task_id_problem(text: str) -> str | None:
    """Why ``text``, as typed or pasted (trimmed), is obviously no task id: the words of
    :data:`NOT_A_TASK_ID`, untranslated; None for one KIE may be asked about. A task id is
    one printable word (KIE's are letters, digits, ``-`` and ``_``): spaces, a link or a
    line of a log around it are refused before anything is asked."""
    task_id = text.strip()
    if not task_id or len(task_id) > MAX_TASK_ID_CHARS or not task_id.isprintable():
        return NOT_A_TASK_ID
    if any(part.isspace() or part in "/?=&\"'“”<>" for part in task_id):
        return NOT_A_TASK_ID
    return None


def attach_refused(snap: Snapshot) -> Refusal | None:
    """Why ``snap`` cannot be given a task id in either mode: its outcome is known (only a
    job that may have reached KIE unrecorded, :func:`needs_resubmit`, has a task to find)."""
    if snap.state.is_active or needs_resubmit(snap):
        return None
    return Refusal.worded(NOT_UNKNOWN_GIVEN)


def not_found_refusal(task_id: str, *, simulated: bool) -> Refusal:
    return Refusal.worded(NO_SUCH_TASK_DEMO if simulated else NO_SUCH_TASK, task_id=task_id)


def taken_refusal(task_id: str, owner: Snapshot, snap: Snapshot) -> Refusal:
    """Why ``snap``'s job is not given ``task_id``, which ``owner`` follows already. An
    ``owner`` kept for a late answer to an earlier send of this very job has its prompt,
    so its title is the job's own: it is named as what that send made (its image, once it
    has one), not as another artwork that has the task."""
    title = _shown(owner.display_title)
    if owner.made_for_job != snap.id:
        return Refusal.worded(TASK_TAKEN, task_id=task_id, title=title)
    done = owner.state is JobState.COMPLETED
    words = IMAGE_KEPT_FROM_EARLIER_SEND if done else KEPT_FROM_EARLIER_SEND
    return Refusal.worded(words, task_id=task_id, title=title)


def deleted_refusal(deleted: DeletedTask) -> Refusal:
    """Why a job is not given the task of an artwork deleted from the library: its image
    would come back as another artwork's (it may well be in the desktop's trash)."""
    title = _shown(deleted.title)
    when = Moment(deleted.deleted_at)
    return Refusal.worded(TASK_DELETED, task_id=deleted.task_id, title=title, when=when)


def other_task_refusal(record: TaskRecord, request: GenerateRequest) -> Refusal | None:
    """Why the task of ``record`` is not the task of a job that sent ``request``: its
    prompt differs (whose it was is said, cut short), or, where KIE says them, its aspect
    ratio, model, or whether it edits a reference. None when it may be the job's."""
    params: Mapping[str, Any] = record.params or {}
    prompt = params.get("prompt")
    if not isinstance(prompt, str):
        return Refusal.worded(NO_PROMPT_SAID, task_id=record.task_id)
    if _words(prompt) != _words(request.prompt):
        return Refusal.worded(OTHER_PROMPT, task_id=record.task_id, prompt=_shown(prompt))
    setting = _other_setting(params, request)
    if setting is not None:
        return Refusal.worded(OTHER_SETTINGS, task_id=record.task_id, setting=Reason(setting))
    return None


def other_reference_refusal(
    record: TaskRecord, snap: Snapshot, senders: Sequence[Snapshot]
) -> Refusal | None:
    """Why the task of ``record``, an edit of this job's prompt, is not ``snap``'s: its
    ``inputImage`` is the upload another job of another reference sent (``senders``: the
    jobs whose last send took that upload). The same edit of several photos is a batch an
    outage leaves unknown together; given another photo's task, the job would bring that
    photo's image, and the other job, its task taken, could only be sent and paid for again.
    An upload no job is known to have sent (KIE's record may name it otherwise, or this
    job's earlier send took it) is not refused."""
    theirs = (record.params or {}).get("inputImage")
    if not isinstance(theirs, str) or not theirs or theirs == snap.input_image_url:
        return None
    ours = snap.request.image_sha256
    if any(other.id != snap.id and other.request.image_sha256 != ours for other in senders):
        setting = Reason(Refusal.worded(OTHER_REFERENCE))
        return Refusal.worded(OTHER_SETTINGS, task_id=record.task_id, setting=setting)
    return None


def _other_setting(params: Mapping[str, Any], request: GenerateRequest) -> Refusal | None:
    """The first setting KIE's record of a task says that differs from ``request``, worded;
    a setting the record leaves out is not compared (KIE's documented sample has the prompt
    and the ratio only: an edit's reference may be left out as well)."""
    ratio = params.get("aspectRatio")
    if isinstance(ratio, str) and ratio != request.aspect_ratio:
        ours = request.aspect_ratio or Term(KEEPS_RATIO)
        return Refusal.worded(OTHER_RATIO, theirs=ratio, ours=ours)
    model = params.get("model")
    if isinstance(model, str) and model != request.model:
        return Refusal.worded(OTHER_MODEL, theirs=model, ours=request.model)
    if "inputImage" in params and request.image_path is None:
        return Refusal.worded(EDIT_NOT_SAID)
    return None


def _words(prompt: str) -> list[str]:
    """A prompt's words: spaces and line ends KIE may have changed are not compared, nor
    how its letters are encoded (an accent composed or combined, as a Mac types it: the same
    text, shown alike; refused, it read as "another prompt" that was the job's own)."""
    return unicodedata.normalize("NFC", prompt).split()


def _shown(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= PROMPT_SHOWN_CHARS:
        return line
    return line[: PROMPT_SHOWN_CHARS - 1].rstrip() + "…"
