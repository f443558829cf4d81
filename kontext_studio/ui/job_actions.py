"""Which actions apply to a job, and the code that carries them out.

:func:`applicable` is a pure function of the :class:`Snapshot`: the library's buttons, its
context menu and the preview all ask it, so they can never disagree, and it is tested without
widgets; :func:`applicable_to_several` is its counterpart for several artworks selected at
once in the library. :class:`JobActions` owns one ``QAction`` per key, keeps their enabled
state in step with the snapshot (or the selection) it is given, and runs each action: dialogs
go through a :class:`DialogHost` (the panel, so tests can replace ``confirm`` and friends),
slow work runs through ``bridge.spawn`` off the GUI thread, and every change is announced on
the bridge so every view refreshes from the same snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable, Collection, Coroutine, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Protocol, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMenu,
    QWidget,
)

from kontext_studio import desktop
from kontext_studio.config import R2Settings
from kontext_studio.desktop import Desktop
from kontext_studio.errors import (
    ContentPolicyError,
    DamagedImageError,
    Every,
    ImageTrashedError,
    InputError,
    JobGoneError,
    KeptImageError,
    KontextError,
    LibraryBusyError,
    NotAnImageError,
    Refusal,
    StorageError,
    TrashedNotDeletedError,
    TrashError,
    fill_values,
    quoted_names,
    some_names,
)
from kontext_studio.explain import (
    Explanation,
    explain,
    explain_error_detail,
    explain_kind,
    image_left_in_trash,
    join_sentences,
    with_detail,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate
from kontext_studio.images import thumbnails as image_thumbnails
from kontext_studio.images.export import export_all, export_copy
from kontext_studio.images.whole import PUBLISH_AGAIN, SAVE_AGAIN, damaged_in_library
from kontext_studio.jobs.files import job_provenance
from kontext_studio.jobs.given_task import CallOff
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import (
    COMPLETED_ALREADY,
    DOWNLOADS_ALREADY,
    LINK_DELETED,
    LINK_DELETED_DEMO,
    LINK_EXPIRED,
    LINK_EXPIRED_DEMO,
    LINK_REFUSED,
    LINK_REFUSED_DEMO,
    MADE_IN_DEMO,
    MADE_LIVE,
    PUT_BACK_A_COPY,
    RUNS_ALREADY,
    SENDS_KEPT_ANEW,
    SENDS_KEPT_ANEW_DEMO,
    can_download_again,
    cancelled_turned_away,
    cancelled_unsent,
    earlier_send_may_have_cost,
    kept_image_there,
    kept_sends_anew,
    later_send_may_have_cost,
    needs_resubmit,
    never_sent,
    refetchable,
    refused_as_sent,
    result_gone,
    result_gone_words,
    retry_follows_cancelled,
    retry_sends,
    retry_sends_anew,
    retry_sends_cancelled,
    retry_state,
    task_lost,
)
from kontext_studio.publish import (
    ELSEWHERE,
    ELSEWHERE_AT,
    ELSEWHERE_UNSET,
    LEFT_THERE,
    LEFT_UNSET,
    NO_IMAGE_FILE,
    NOT_FINISHED,
    recorded_in,
    settings_location,
)
from kontext_studio.store.details import DetailsEdit, add_tags, save_details
from kontext_studio.store.ledger import GENERATED, JOB_CHANGED, JobChanged, Ledger, Snapshot
from kontext_studio.store.undo import (
    Deleted,
    KeptFolder,
    KeptImage,
    change_of,
    forget_kept,
    keep_image,
)
from kontext_studio.text_direction import without_controls
from kontext_studio.ui import image_folder, shortcuts
from kontext_studio.ui.batch_place import sentence_title, shown_title, some_titles, with_place
from kontext_studio.ui.bridge import Bridge, DeletedHereError, DeleteSaid, snapshot_of
from kontext_studio.ui.copied_image import CopiedArtwork, copy_image
from kontext_studio.ui.details_dialog import DetailsDialog
from kontext_studio.ui.library_undo import MAX_DELETES, LibraryUndo
from kontext_studio.ui.next_turn import next_turn
from kontext_studio.ui.notifications import STATUS_MESSAGE_MS
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.question import ask
from kontext_studio.ui.rename_dialog import (
    RenameDialog,
    chosen_title,
    whole_name,
)
from kontext_studio.ui.save_many import SaveRun
from kontext_studio.ui.task_id_dialog import (
    TASK_COMPLETED,
    Check,
    EarlierSend,
    Resending,
    Spawn,
    TaskIdDialog,
    Wait,
)
from kontext_studio.ui.translations import grouped

log = logging.getLogger(__name__)

_Written = TypeVar("_Written")

ACTION_KEYS: tuple[str, ...] = (
    "full_view",
    "cancel",
    "retry",
    "resubmit",
    "enter_task_id",
    "use_as_reference",
    "reuse_settings",
    "copy_prompt",
    "copy_image",
    "save_as",
    "show_in_folder",
    "star",
    "delete",
    "rename",
    "details",
    "publish",
    "copy_url",
    "unpublish",
)
PUBLISH_KEYS = ("publish", "copy_url", "unpublish")
RETRYABLE = frozenset({JobState.FAILED, JobState.TIMEOUT, JobState.CANCELLED})
_SEVERAL = -1
"""What :attr:`JobActions._reading_kept` holds while a question about several jobs reads
what it needs (no job has this id)."""
SENDS = frozenset({"retry", "resubmit", "enter_task_id"})
"""The actions that send a job to the server again, or ask it about the job's task
(:meth:`JobActions.hold_sends`)."""
CHANGES_PER_TURN = 500
"""How many changed artworks the views are told of in one turn of the loop (Star or Add
tags of thousands selected): about 25 ms of their work."""
_NEEDS_IMAGE = ("full_view", "use_as_reference", "copy_image", "save_as", "show_in_folder")
_INPUT = frozenset(
    {
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
    }
)
"""The events of a key or a click the artist makes: one that comes after a menu closed is
not chosen in it (:meth:`JobActions._menu_closing`)."""
_READS_FILE = ("use_as_reference", "copy_image", "save_as", "show_in_folder", "publish")
"""Of the actions for an image, those that read its file, off once it is found gone. Not
the full view: it says the file is missing, as the preview does, and its arrows go on from
there; greyed, Return and a double-click on the tile did nothing, and said nothing."""
UNDO_FOLDER = "undo"
"""In the app's data folder: its own links to the images a Delete sent to the trash, for
Undo (:func:`~kontext_studio.store.undo.keep_image`)."""
_DETAILS = ("title", "description", "tags")
"""The columns Rename and Edit details change, kept for Undo."""
RENAMED_GONE = QT_TRANSLATE_NOOP(
    "Errors", "“{title}” was deleted by another program, so its new title was not saved."
)
DETAILS_GONE = QT_TRANSLATE_NOOP(
    "Errors", "“{title}” was deleted by another program, so its details were not saved."
)
RETRIED_GONE = QT_TRANSLATE_NOOP(
    "Errors", "“{title}” was deleted by another program, so it was not retried."
)
RESUBMITTED_GONE = QT_TRANSLATE_NOOP(
    "Errors", "“{title}” was deleted by another program, so it was not resubmitted."
)
TASK_GIVEN_GONE = QT_TRANSLATE_NOOP(
    "Errors", "“{title}” was deleted by another program, so it was not given the task."
)
DOWNLOADED_GONE = QT_TRANSLATE_NOOP(
    "Errors",
    "“{title}” was deleted by another program, so its image was not downloaded again.",
)
STARRED_GONE = QT_TRANSLATE_NOOP(
    "Errors", "“{title}” was deleted by another program, so its star was not changed."
)
_TITLED = {
    RUNS_ALREADY: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” is running already: it was retried, resubmitted or resumed meanwhile, "
        "perhaps by another window or a command. Wait for it to end; the library shows how "
        "it goes.",
    ),
    COMPLETED_ALREADY: QT_TRANSLATE_NOOP(
        "Errors", "“{title}” has completed meanwhile: there is nothing to send again."
    ),
    DOWNLOADS_ALREADY: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” is being downloaded again already, perhaps by another window or a command. "
        "Wait for it to end; the library shows how it goes.",
    ),
    LINK_EXPIRED: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” was not downloaded again: KIE keeps an image for 14 days only, and they "
        "are over.",
    ),
    LINK_EXPIRED_DEMO: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” was not downloaded again: the demo server keeps an image for 14 days only, "
        "and they are over.",
    ),
    LINK_DELETED: QT_TRANSLATE_NOOP(
        "Errors", "“{title}” was not downloaded again: KIE no longer has this image."
    ),
    LINK_DELETED_DEMO: QT_TRANSLATE_NOOP(
        "Errors", "“{title}” was not downloaded again: the demo server no longer has this image."
    ),
    LINK_REFUSED: QT_TRANSLATE_NOOP(
        "Errors", "“{title}” was not downloaded again: KIE no longer accepts its link."
    ),
    LINK_REFUSED_DEMO: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” was not downloaded again: the demo server no longer accepts its link.",
    ),
    MADE_IN_DEMO: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” was made in demo mode, by the simulator: it carries on only in demo mode.",
    ),
    MADE_LIVE: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” was sent to KIE in live mode: it carries on only in live mode, with your "
        "API key.",
    ),
    JOB_CHANGED: QT_TRANSLATE_NOOP(
        "Errors", "“{title}” was cancelled, deleted or carried on elsewhere meanwhile"
    ),
    SENDS_KEPT_ANEW: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” was kept for a late answer to an earlier send of another job (its Made by "
        "row shows which), and its task failed: a retry sends its prompt again as a new job, "
        "which is charged.",
    ),
    SENDS_KEPT_ANEW_DEMO: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” was kept for a late answer to an earlier send of another job (its Made by "
        "row shows which), and its task failed: a retry sends its prompt to the demo server "
        "again as a new job. A demo job uses no real credits: only the demo balance goes down.",
    ),
    NOT_FINISHED: QT_TRANSLATE_NOOP(
        "Errors", "“{title}” has no finished image, so there is nothing to publish."
    ),
    NO_IMAGE_FILE: QT_TRANSLATE_NOOP(
        "Errors", "“{title}” has no image file, so there is nothing to publish."
    ),
    ELSEWHERE: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” is published in the bucket '{bucket}', but the R2 settings now name the "
        "bucket '{current}'.",
    ),
    ELSEWHERE_AT: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” is published in the bucket '{bucket}' at {host}, but the R2 settings now "
        "name the bucket '{current}' at {current_host}.",
    ),
    LEFT_THERE: QT_TRANSLATE_NOOP(
        "Errors",
        "A publish of “{title}” to the bucket '{bucket}' at {host} stopped before its end and "
        "may have left its image there, but the R2 settings now name the bucket '{current}' "
        "at {current_host}.",
    ),
    ELSEWHERE_UNSET: QT_TRANSLATE_NOOP(
        "Errors",
        "“{title}” is published in the bucket '{bucket}' at {host}, and publishing is not set "
        "up now.",
    ),
    LEFT_UNSET: QT_TRANSLATE_NOOP(
        "Errors",
        "A publish of “{title}” to the bucket '{bucket}' at {host} stopped before its end and "
        "may have left its image there, and publishing is not set up now.",
    ),
}
"""The window's words, by the artwork's title, for the engine's and the library's words
that name a job by its number (the command line's, whose users type it): an action that
lost a race with another program (a command's retry between the window's read and its
act) said "Job 42 is running already", a number the window shows nowhere."""
_TASK_TITLED = {**_TITLED, COMPLETED_ALREADY: TASK_COMPLETED}
""":data:`_TITLED` for a task given a job: one completed meanwhile has no need of it, where
Retry and Resubmit have nothing to send again."""


def _gone_words(snapshot: Snapshot, template: str) -> Refusal:
    """``template``'s words for ``snapshot`` deleted by another program before the window
    heard of it (while its Rename or Edit details was open, say), the artwork named by its
    title: the library's words name the job's number ("There is no job 42"), which the
    window shows nowhere."""
    return Refusal.worded(template, title=sentence_title(snapshot))


def by_title(error: KontextError, snapshot: Snapshot, words: Mapping[str, str] = _TITLED) -> None:
    """Word ``error`` by ``snapshot``'s title where its words name its job's number
    (``words``: :data:`_TITLED`, or the action's own); its English message, for the log,
    keeps the number. Worded so already, it is named anew by ``snapshot``'s title: the
    window's banner names an artwork renamed since it was refused by its new title."""
    titled = words.get(error.template)
    if titled is None and error.template in words.values():
        titled = error.template
    if titled is not None:
        error.template = titled
        error.values = {**error.values, "title": sentence_title(snapshot)}


def has_image(snapshot: Snapshot) -> bool:
    return snapshot.state is JobState.COMPLETED and bool(snapshot.file_path)


def has_request(snapshot: Snapshot) -> bool:
    """Uploaded artworks carry no generate request; old or damaged rows may not parse."""
    try:
        return bool(snapshot.request.prompt)
    except (TypeError, ValueError):
        return False


def reference_of(snapshot: Snapshot) -> str:
    """The reference ``snapshot`` was sent with (its job's own copy), or empty."""
    return (snapshot.request.image_path or "") if has_request(snapshot) else ""


def applicable(snapshot: Snapshot | None, *, publish_enabled: bool = False) -> frozenset[str]:
    """The action keys that make sense for ``snapshot`` (none without a snapshot).

    Cancel only stops tracking, so it is offered while a job is active; retry for the ends
    that provably did not charge or can be checked again, not for a result KIE no longer has
    (:func:`result_gone`) nor for a request KIE refused as it was sent, under its content
    policy or as invalid (:func:`refused_as_sent`: Reuse settings loads it to be changed);
    resubmit only where the first attempt may already have been charged
    (:func:`needs_resubmit`).
    """
    if snapshot is None:
        return frozenset()
    keys = {"star", "rename", "details", "delete"}
    if snapshot.state.is_active:
        keys.add("cancel")
    if needs_resubmit(snapshot):
        keys.update(("resubmit", "enter_task_id"))
    elif retry_offered(snapshot):
        keys.add("retry")
    if has_image(snapshot):
        keys.update(_NEEDS_IMAGE)
        if publish_enabled:
            keys.update(("copy_url", "unpublish") if snapshot.published_key else ("publish",))
    if has_request(snapshot):
        keys.add("reuse_settings")
    if snapshot.prompt:
        keys.add("copy_prompt")
    return frozenset(keys)


def retry_offered(snapshot: Snapshot) -> bool:
    """Whether Retry applies to ``snapshot`` (:func:`applicable`)."""
    if needs_resubmit(snapshot) or snapshot.state not in RETRYABLE:
        return False
    return not (result_gone(snapshot) or refused_as_sent(snapshot))


def _policy_refused(snapshot: Snapshot) -> bool:
    """Whether KIE refused ``snapshot`` as it was sent (:func:`refused_as_sent`) under its
    content policy."""
    return refused_as_sent(snapshot) and snapshot.error_kind == ContentPolicyError.kind


def _request_refused(snapshot: Snapshot) -> bool:
    """Whether ``snapshot``'s request was refused as it was sent (:func:`refused_as_sent`)
    other than under the content policy: by KIE's checks of it, or by the app's, which could
    not send it as it was saved."""
    return refused_as_sent(snapshot) and snapshot.error_kind != ContentPolicyError.kind


def left_in_bucket(snapshot: Snapshot) -> bool:
    """Not published, and a publish of it stopped before its end (the process killed once
    its image was sent): the record names what it may have left in the bucket, which the
    preview's Remove from bucket (or its next Publish, or the command line's unpublish)
    removes."""
    return bool(snapshot.retired_key) and not snapshot.published_key


def left_where_settings_point(snapshot: Snapshot, settings: R2Settings) -> bool:
    """:func:`left_in_bucket`, in the bucket (at the endpoint) the R2 settings name: the
    only one the preview's Remove from bucket reaches, so the only one it is offered for.
    What was left in another is refused there, and the window offers to forget it."""
    if not left_in_bucket(snapshot):
        return False
    bucket, host = settings_location(settings)
    return recorded_in(snapshot, bucket, host)


def left_by_a_stopped_publish(snapshot: Snapshot) -> str:
    """That a stopped first publish of ``snapshot`` may have left its image in a bucket:
    "your R2 bucket" where its record names the bucket (the one the R2 settings name, as
    those who ask see to); "the R2 bucket it was sent to" where it names none, a record
    kept before records named their bucket, with publishing set up now or not: the bucket
    set up now may not be the one it went to. The words of the preview and of the Upload
    tab's rows alike."""
    if snapshot.published_bucket:
        return QCoreApplication.translate(
            "Publishing",
            "A publish of it stopped before its end and may have left its image in your R2 bucket.",
        )
    return QCoreApplication.translate(
        "Publishing",
        "A publish of it stopped before its end and may have left its image in the R2 bucket "
        "it was sent to.",
    )


def publishable(snapshot: Snapshot) -> bool:
    """A finished image not published yet (whether its file is still there is the view's
    to know: :attr:`JobActions.file_missing`)."""
    return has_image(snapshot) and not snapshot.published_key


def applicable_to_several(
    snapshots: Sequence[Snapshot],
    *,
    missing: Collection[int] = (),
    publish_enabled: bool = False,
    unreadable: Collection[int] = (),
    publishing: Collection[int] = (),
) -> frozenset[str]:
    """The action keys for several artworks selected at once: Delete, Star (or Unstar) and
    Edit details (which adds tags to them all) for any, Cancel while at least one of them
    runs (it stops those), Retry while at least one of them is :func:`retried_with_others`
    (it retries those), Resubmit while at least one of them :func:`needs_resubmit` (it
    asks once, then resubmits those), Publish while at least one of them is :func:`publishable` with
    its file there (``missing``: the ids whose image file was found gone) and not found
    damaged (``unreadable``: their tiles say "Image unreadable"), Save as while at least
    one has its image file there, not found damaged (it saves them all into a folder): with
    every one damaged, both stayed offered and then said "Nothing to …". The others are
    about one artwork (its title, its image, its job) and are offered with exactly one
    selected, as a desktop photo library greys them. Each is looked at once: a pass for
    each key took ~5 ms of 10 000 selected (Ctrl+A), at every change of them."""
    if not snapshots:
        return frozenset()
    keys = {"star", "details", "delete"}
    publish = publish_enabled  # each looked for until one is found
    save = True
    for s in snapshots:
        if s.state is JobState.COMPLETED:  # most of a library: of them, only these two ask
            there = s.id not in missing and s.id not in unreadable
            if save and s.file_path and there:
                keys.add("save_as")
                save = False
            if publish and publishable(s) and there and s.id not in publishing:
                keys.add("publish")
                publish = False
        elif s.state.is_active:
            keys.add("cancel")
        elif retried_with_others(s):
            keys.add("retry")
        elif needs_resubmit(s):
            keys.add("resubmit")
    return frozenset(keys)


def button_words(label: str) -> str:
    """A menu's words for an action as its button says them: without the access letter
    ("&Delete…", zh_CN's "删除(&D)…") or the "…". Qt's own icon text keeps zh_CN's "(D)"."""
    return re.sub(r"\(&[^&]\)|&(?=[^&])", "", label).removesuffix("…")


def retried_with_others(snapshot: Snapshot) -> bool:
    """Whether Retry of several selected jobs retries ``snapshot``: a stopped job that
    Retry of it alone carries on without a question. One whose retry needs the artist's
    word about it (Resubmit, a new charged job: :func:`retry_sends_anew`) or is refused
    (its result gone, refused as it was sent: :func:`refused_as_sent`) is left as it is.
    Asked of each of thousands selected at every change of them: not through
    :func:`applicable`, which reads each one's stored request (~50 µs a job)."""
    return retry_offered(snapshot) and not retry_sends_anew(snapshot)


class _Tally(NamedTuple):
    """What the actions of several selected say of them (:meth:`JobActions.set_several`)."""

    running: int
    """Still running: Cancel stops them."""
    ready: int
    """Publishable, their files there and not found damaged: Publish sends them."""
    saved: int
    """With their image files there and not found damaged: Save as saves them into a
    folder."""
    retried: list[Snapshot]
    """Of this mode, those Retry retries (:func:`retried_with_others`)."""
    resubmitted: list[Snapshot]
    """Of this mode, those Resubmit resubmits (:func:`needs_resubmit`)."""


def _tally(
    snapshots: Sequence[Snapshot],
    missing: Collection[int],
    demo: bool,
    unreadable: Collection[int] = frozenset(),
    publishing: Collection[int] = frozenset(),
) -> _Tally:
    """:class:`_Tally` of ``snapshots`` (``missing``: the ids whose image file was found
    gone; ``demo``: the app's mode, as the engine carries on no job of the other;
    ``unreadable``: those whose file was found damaged, which Save as and Publish leave
    out; ``publishing``: those being published, which Publish leaves out), each
    looked at once: a pass for each figure went through 10 000 selected (Ctrl+A) four times
    at every change of them."""
    running = ready = saved = 0
    retried: list[Snapshot] = []
    resubmitted: list[Snapshot] = []
    for s in snapshots:
        if s.state is JobState.COMPLETED:
            there = s.id not in missing and s.id not in unreadable
            ready += publishable(s) and there and s.id not in publishing
            saved += bool(s.file_path) and there
        elif s.state.is_active:
            running += 1
        elif s.simulated is not demo:
            continue
        elif retried_with_others(s):
            retried.append(s)
        elif needs_resubmit(s):
            resubmitted.append(s)
    return _Tally(running, ready, saved, retried, resubmitted)


def other_mode_advice(snapshot: Snapshot, *, lines: bool = False) -> str:
    """Why ``snapshot``, a job of the other mode, is not carried on here, and what can be done
    instead, saying only what is true of the job as it stands: that its own mode can send it
    again only where Retry or Resubmit would be offered there, download its image again only
    where KIE (or the demo server) has a link to it; Reuse settings only where it has a
    request to load. The one source of the held actions' tooltips (Retry, Resubmit, the
    preview's Download again) and of the preview's hint. ``lines``: one sentence a line (a
    tooltip); else the sentences run on (the hint)."""
    sentences = [_made_in(snapshot), *_instead(snapshot)]
    if lines:
        return "\n".join(sentences)
    joined = sentences[0]
    for sentence in sentences[1:]:
        joined = QCoreApplication.translate("JobActions", "{first} {second}").format(
            first=joined, second=sentence
        )
    return joined


def _made_in(snapshot: Snapshot) -> str:
    """Where the job was made, and what its own mode alone can still do with it."""
    sends = bool(applicable(snapshot) & SENDS)
    if snapshot.simulated:
        if sends:
            return QCoreApplication.translate(
                "JobActions",
                "It was made in demo mode, which alone can send it again, for no real credits.",
            )
        if can_download_again(snapshot):
            return QCoreApplication.translate(
                "JobActions",
                "It was made in demo mode, which alone can download its image again from the "
                "demo server.",
            )
        return QCoreApplication.translate("JobActions", "It was made in demo mode.")
    if never_sent(snapshot) or cancelled_unsent(snapshot):  # nothing to check on at KIE
        return QCoreApplication.translate(
            "JobActions",
            "It was made in live mode and its last send never reached KIE, so that send was "
            "not charged; live mode alone can send it, with your API key.",
        )
    if cancelled_turned_away(snapshot):  # KIE made no task: nothing to check on either
        return QCoreApplication.translate(
            "JobActions",
            "It was made in live mode and KIE did not take its last send, so that send was "
            "not charged; live mode alone can send it, with your API key.",
        )
    if sends:
        return QCoreApplication.translate(
            "JobActions",
            "It was sent to KIE in live mode, which alone can check on it or send it again, "
            "with your API key.",
        )
    if can_download_again(snapshot):
        return QCoreApplication.translate(
            "JobActions",
            "It was sent to KIE in live mode, which alone can download its image again from "
            "KIE, with your API key.",
        )
    return QCoreApplication.translate("JobActions", "It was sent to KIE in live mode.")


def _instead(snapshot: Snapshot) -> list[str]:
    """How to make the job in this mode instead: Reuse settings, where it applies."""
    if not has_request(snapshot):
        return []
    if snapshot.simulated:
        return [
            QCoreApplication.translate(
                "JobActions",
                "To make it with KIE, Reuse settings loads its prompt and options into Generate.",
            )
        ]
    return [
        QCoreApplication.translate(
            "JobActions",
            "To make it in demo mode, Reuse settings loads its prompt and options into Generate.",
        )
    ]


def _may_have_cost(snapshot: Snapshot) -> bool:
    """Whether a stopped ``snapshot`` may have been charged for a send whose outcome is not
    known: its last (:func:`needs_resubmit`, or one sent after the send whose task it keeps:
    :func:`later_send_may_have_cost`), or an earlier one, its last cancelled before it left
    or turned away by KIE (:func:`earlier_send_may_have_cost`: a Resubmit's)."""
    return (
        needs_resubmit(snapshot)
        or earlier_send_may_have_cost(snapshot)
        or later_send_may_have_cost(snapshot)
    )


def _with_details(text: str, details: list[tuple[str, bool]], count: int = 0) -> str:
    """``text`` with its ``{details}`` the names of ``details`` (:meth:`JobActions._details_of`)
    as "A, B and C", as the installed language lists them; its ``{count}``, ``count``."""
    names = Every(name for name, _ in details)
    return fill_values(text, {"details": names, "count": grouped(count)}, str)


_GIVEN = ("title", "description", "tags", "starred")
"""What the artist gives an artwork that the library alone keeps, as :class:`Snapshot` names
it: a Delete's question names those its artworks have (:meth:`JobActions._details_of`)."""


def _in_trash(snapshot: Snapshot) -> bool:
    """Whether the missing image of ``snapshot`` is in the trash, as its preview says: left
    there by an Undo of its Delete, or moved there by a Delete that could not remove it."""
    return snapshot.trashed_at is not None or snapshot.image_left_in_trash


def _left_by_undo(snapshot: Snapshot) -> bool:
    """Whether an Undo left the image of ``snapshot`` in the trash, and no Delete moved it
    there since (:meth:`JobActions._delete`: that Delete's words hold for both)."""
    return snapshot.image_left_in_trash and snapshot.trashed_at is None


def _capitalised(sentence: str) -> str:
    """``sentence`` begun with a capital: one that begins with a list of what was given to
    whom ("the title you gave one of them …"); no change in Chinese."""
    return sentence[:1].upper() + sentence[1:]


def _may_have_been_charged(snapshot: Snapshot) -> str:
    """What Delete says of a job that may have been charged (:func:`_may_have_cost`), in the
    words its preview shows (a cancel's note, or its kind's, "no answer came back"); a demo
    job's speak of the demo balance. Before, the question said only that its prompt goes
    for good."""
    if snapshot.state is JobState.CANCELLED:
        return snapshot.error_detail
    return explain_kind(snapshot.error_kind, snapshot.error_detail, snapshot.facts).message


def _paid_task_followed_free(snapshot: Snapshot) -> bool:
    """Whether ``snapshot`` stopped after KIE made its task, and charged it, and Retry
    follows that task or fetches its image without paying again (:func:`retry_state`): a
    timed-out job, one the app's side stopped following, or one cancelled after KIE took it
    (its note says so in its preview, not in Delete's question, which before said nothing
    of it). One KIE no longer has, or refused, has nothing to fetch."""
    if not retry_offered(snapshot):
        return False
    return retry_state(snapshot) in (JobState.GENERATING, JobState.DOWNLOADING)


def cancelled_retry_words(snapshot: Snapshot) -> str:
    """What Retry does with a cancelled job, as the command line's next step says it: one
    KIE took before the cancel (:func:`retry_follows_cancelled`) ran on there, paid for, and
    Retry fetches its image without paying again; one cancelled before KIE took it
    (:func:`retry_sends_cancelled`) is sent, charged as any new job. A demo job's speak of
    the demo server, and of no real credits. Empty for any other job. The preview's hint
    and Retry's tooltip."""
    if retry_follows_cancelled(snapshot):
        if snapshot.simulated:
            return QCoreApplication.translate(
                "JobActions",
                "Retry fetches the image the demo server made, without lowering the demo "
                "balance again; a demo job uses no real credits.",
            )
        return QCoreApplication.translate(
            "JobActions", "Retry fetches the image KIE made, without paying again."
        )
    if retry_sends_cancelled(snapshot):
        if snapshot.simulated:
            return QCoreApplication.translate(
                "JobActions", "Retry sends it to the demo server; a demo job uses no real credits."
            )
        return QCoreApplication.translate(
            "JobActions", "Retry sends it to KIE, charged as any new job."
        )
    return ""


_WINDOWS_DEVICES = frozenset(
    [
        "CON",
        "PRN",
        "AUX",
        "NUL",
        "CONIN$",
        "CONOUT$",
        *(f"{port}{n}" for port in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]),
    ]
)
"""Names Windows keeps for its devices, whatever follows a dot: no file can be named so.
Microsoft's list ("Naming Files, Paths, and Namespaces") counts the ports from 0 and with the
superscript digits ¹ ² ³ too, and the console's CONIN$ and CONOUT$."""


NAME_BYTES = 255 - len(" (99999)")
"""The longest a suggested file name may be, in UTF-8 bytes: Linux and macOS disks take 255
in a name, less room for the number a Save of several gives a name taken ("fox (2).png")."""


def suggested_file_name(snapshot: Snapshot) -> str:
    """A file name from the title: readable, no path separators, nothing Windows refuses in
    a name (its devices' names among them: "Con" is suggested as "Con_"), no direction
    controls (:func:`~kontext_studio.text_direction.without_controls`), no longer than a
    disk takes (:data:`NAME_BYTES`), the original extension."""
    suffix = Path(snapshot.file_path).suffix or ".png"
    title = without_controls(snapshot.display_title)
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .")
    room = NAME_BYTES - len(suffix.encode())
    # Cut to whole characters: 80 emoji, four bytes each, were a name no disk took.
    stem = re.sub(r"\s+", " ", stem)[:80].encode()[:room].decode(errors="ignore").strip()
    stem = stem or shown_title("")  # "Untitled", as its tile says
    device, dot, rest = stem.partition(".")
    if device.rstrip(" ").upper() in _WINDOWS_DEVICES:
        stem = f"{device.rstrip(' ')}_{dot}{rest}"
    return f"{stem}{suffix}"


def reference_name(snapshot: Snapshot) -> str:
    """How the reference slot, and the edits made of it, name ``snapshot`` taken as a
    reference (Use as reference, its image copied or dragged): :func:`suggested_file_name`,
    ended by its place among the images of its generate as its tile is ("a fox · 2 of
    4.png"). By the title alone, the four of Images: 4 were named alike there."""
    name = Path(suggested_file_name(snapshot))
    return f"{with_place(name.stem, snapshot)}{name.suffix}"


def _names_an_image(path: str) -> bool:
    """Whether ``path``'s extension is an image format's ("fox.png", "fox.JPEG"), not the
    end of a name with a dot in it ("Mr. Fox", "fox v1.2")."""
    kind, _encoding = mimetypes.guess_type(Path(path).name, strict=False)
    return kind is not None and kind.startswith("image/")


def _with_suffix(path: str, suffix: str) -> str:
    """``path`` with the image extension ``suffix`` added: "fox." becomes "fox.png", not
    "fox..png"."""
    chosen = Path(path)
    stem = chosen.name.rstrip(".") or chosen.name
    return str(chosen.with_name(f"{stem}.{suffix}"))


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the desktop's file manager; whether one opened it. Where none
    answers (a bare window manager, a minimal install) its path goes to the clipboard, for
    :func:`folder_not_opened` to say so."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    QGuiApplication.clipboard().setText(str(folder))
    return False


def folder_not_opened(folder: Path) -> str:
    """The words for a folder :func:`open_folder` could not show."""
    return QCoreApplication.translate(
        "JobActions", "No file manager opened the folder; its path is copied: {folder}"
    ).format(folder=str(folder))


class DialogHost(Protocol):
    """What :class:`JobActions` asks of the widget it serves. Tests replace these."""

    def confirm(self, title: str, text: str, accept: str, keep: str = "") -> bool: ...

    def ask_title(self, snapshot: Snapshot) -> str | None: ...

    def ask_save_path(self, suggested: str) -> str | None: ...

    def ask_folder(self, count: int) -> str | None: ...

    def ask_details(self, snapshots: Sequence[Snapshot]) -> DetailsEdit | None: ...

    def ask_task_id(
        self,
        snapshot: Snapshot,
        check: Check,
        earlier_send: EarlierSend,
        resending: Resending,
        spawn: Spawn,
    ) -> TaskIdDialog: ...

    def open_folder(self, folder: Path) -> bool: ...


class StandardDialogs:
    """Default :class:`DialogHost` methods, mixed into a ``QWidget`` subclass: message boxes
    and file dialogs parented to that widget (or to :attr:`dialog_parent`)."""

    save_folder: ClassVar[str] = ""
    """Where the last Save as went, for every panel: saving a series into one project
    folder must not start from the Pictures folder each time. Kept while the app runs, and
    from one start to the next through :attr:`folder_kept`."""

    folder_kept: ClassVar[Callable[[str], None] | None] = None
    """Keeps the folder a Save as saved to for the next start (the window's layout file,
    while a window is open). Kept at the window's close alone, it was lost to a crash or a kill."""

    dialog_parent: QWidget | None = None
    """The window its dialogs open over, when not its own: the library's, while the full
    view shows, so that a question opens over that full-screen window, not perhaps behind
    it, and the keys go back to it once answered."""

    deletes_from: Bridge | None = None
    """The window's bridge, which tells of an artwork deleted (``Bridge.job_deleted``), for
    a host whose dialogs edit artworks: an Edit details or a Rename open on one says so
    when it goes, as deleted by another program or by a Delete of the window's
    (:meth:`_told_of_changes`); an Enter task ID box, of another program's (the window's
    own Delete takes that box first: ``TaskIdDialog.deleted_here``)."""

    def _parent(self) -> QWidget:
        return self.dialog_parent or cast(QWidget, self)

    @staticmethod
    def went_to(folder: str) -> None:
        """The next Save as, of one or several, opens in ``folder``, after a restart too:
        told once something was saved there. Told when the folder was chosen, a Save that
        failed there (a read-only card) had the next open in it again."""
        StandardDialogs.save_folder = folder
        if (keep := StandardDialogs.folder_kept) is not None:
            keep(folder)

    def confirm(self, title: str, text: str, accept: str, keep: str = "") -> bool:
        """Ask ``text`` (:func:`ask`); whether the artist chose ``accept``."""
        return ask(self._parent(), title, text, accept, keep)

    def ask_title(self, snapshot: Snapshot) -> str | None:
        """The title typed for ``snapshot`` (:class:`RenameDialog`), ``None`` when cancelled
        or once the artwork was deleted while the box was open (it said so)."""
        dialog = RenameDialog(snapshot, self._parent())
        try:
            with self._told_of_changes(dialog):
                accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.title() if accepted else None
        finally:
            dialog.deleteLater()

    @contextlib.contextmanager
    def _told_of_changes(self, dialog: RenameDialog | DetailsDialog) -> Iterator[None]:
        """Inside, ``dialog`` is told of each artwork deleted (:attr:`deletes_from`):
        ``here``, by a Delete of this window's (``Bridge.deleted_here``); a box open on one
        that this window's Delete of several deleted said another program had deleted it.
        And of each changed, here or by another program (``Bridge.read_again``): its
        Discard question named the title the box opened with, renamed since by the
        command line."""
        bridge = self.deletes_from
        if bridge is None:
            yield
            return

        def told(job_id: int) -> None:
            dialog.deleted(job_id, bridge.deleted_here(job_id))

        def read(snapshots: list[Snapshot]) -> None:
            for snapshot in snapshots:
                dialog.changed(snapshot)

        bridge.job_deleted.connect(told)
        bridge.job_changed.connect(dialog.changed)
        bridge.read_again.connect(read)
        try:
            yield
        finally:
            bridge.job_deleted.disconnect(told)
            bridge.job_changed.disconnect(dialog.changed)
            bridge.read_again.disconnect(read)

    def ask_task_id(
        self,
        snapshot: Snapshot,
        check: Check,
        earlier_send: EarlierSend,
        resending: Resending,
        spawn: Spawn,
    ) -> TaskIdDialog:
        """Show the box that takes ``snapshot``'s task id (:class:`TaskIdDialog`), which runs
        ``check`` of it by ``spawn`` while it shows: not modal (KIE may take 40 s to answer,
        and the window stays the artist's), nor run in a loop of its own."""
        dialog = TaskIdDialog(snapshot, check, earlier_send, resending, spawn, self._parent())
        if self.deletes_from is not None:  # deleted by another program, the box says so
            self.deletes_from.job_deleted.connect(dialog.deleted)
        dialog.show()
        return dialog

    def ask_details(self, snapshots: Sequence[Snapshot]) -> DetailsEdit | None:
        """What the artist changed in the details of ``snapshots[0]``, or the tags to add
        to several (:class:`DetailsDialog`); ``None`` when cancelled."""
        dialog = DetailsDialog(snapshots, self._parent())
        try:
            with self._told_of_changes(dialog):
                accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.edit() if accepted else None
        finally:
            dialog.deleteLater()

    def ask_save_path(self, suggested: str) -> str | None:
        """Where to save a copy, ``suggested`` offered. A name typed without an image
        extension gets the image's own: Qt's dialog (Linux) saved "fox" as typed, a file no
        image viewer opened by a double click. The dialog adds it to a name without a dot,
        before it asks whether to replace a file of that name; a name with a dot that is no
        image extension ("Mr. Fox", "fox v1.2") gets it here, asked about the same way."""
        # The last Save as went there, else Pictures; one gone since (a disk taken out, a
        # share that does not answer) is passed over, as the image dialogs do.
        folder = image_folder.first_folder(StandardDialogs.save_folder, image_folder.pictures())
        start = str(Path(folder) / suggested)
        suffix = Path(suggested).suffix.lstrip(".") or "png"
        while True:
            path = self._save_dialog(start, suffix)
            if not path:
                return None
            if not _names_an_image(path):
                path = _with_suffix(path, suffix)
                if Path(path).exists() and not self._replace(Path(path)):
                    start = path
                    continue
            return path

    def _save_dialog(self, start: str, suffix: str) -> str:
        """The path the artist chose in the save dialog opened at ``start``; "" if none."""
        dialog = QFileDialog(
            self._parent(),
            QGuiApplication.translate("JobActions", "Save artwork as"),
            start,
            QGuiApplication.translate("JobActions", "Images (*.{0})").format(suffix),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            chosen = dialog.selectedFiles() if accepted else []
        finally:
            dialog.deleteLater()
        return chosen[0] if chosen else ""

    def _replace(self, path: Path) -> bool:
        """Whether to replace ``path``, which exists, with the copy (the dialog asked only
        about the name as typed, before its extension was added)."""
        return self.confirm(
            QGuiApplication.translate("JobActions", "Save artwork as"),
            QGuiApplication.translate(
                "JobActions", "{name} already exists in {folder}. Replace it?"
            ).format(name=path.name, folder=str(path.parent)),
            QGuiApplication.translate("JobActions", "&Replace"),
        )

    def ask_folder(self, count: int) -> str | None:
        """The folder to save ``count`` images into, chosen in a folder dialog opened where
        the last Save as went (else Pictures), as :meth:`ask_save_path`'s; ``None`` when
        cancelled. The next Save as, of one or of several, opens there once an image was
        saved there (:meth:`went_to`)."""
        folder = image_folder.first_folder(StandardDialogs.save_folder, image_folder.pictures())
        title = (
            QGuiApplication.translate("JobActions", "Save 1 image to a folder")
            if count == 1
            else QGuiApplication.translate("JobActions", "Save {count} images to a folder").format(
                count=grouped(count)
            )
        )
        chosen = QFileDialog.getExistingDirectory(self._parent(), title, folder)
        return chosen or None

    def open_folder(self, folder: Path) -> bool:
        return open_folder(folder)


async def _marked_while(marks: set[int], job_ids: Collection[int], work: Awaitable[None]) -> None:
    """Run ``work`` while ``job_ids`` are in ``marks`` (a Retry or Resubmit waiting for a
    cancelled send's answer: ``Bridge.awaiting_answer``; a Resubmit of several to send them:
    ``Bridge.resubmitting``), put there by the caller; they leave it once ``work`` ends, however
    it ends."""
    try:
        await work
    finally:
        marks.difference_update(job_ids)


class JobActions(QObject):
    """The actions for one current snapshot, shared by a panel's buttons and context menu;
    in the library, for several artworks selected at once (:meth:`set_several`)."""

    full_view_requested = Signal(object)  # Snapshot
    # The image file, its name for the artist, how it was made when the library knows (a
    # Provenance; None for an artwork made elsewhere, whose file may say), and its job's number.
    use_as_reference = Signal(str, str, object, int)
    reuse_settings = Signal(object)  # Snapshot
    publish_requested = Signal(object)  # Snapshot, as shown
    publish_several_requested = Signal(object)  # list of Snapshots, as shown
    unpublish_requested = Signal(object)  # Snapshot, as shown
    copy_url_requested = Signal(object)  # Snapshot, as shown
    # Artworks whose title, description or tags just changed (a list of Snapshot): those
    # published, or being published (it sends the details it started with), keep the old
    # ones in R2 until they are published again. The window knows which are.
    republish_offered = Signal(object)
    # Rename or Edit details of one artwork written: the Snapshot before and the one told
    # after, for the window to say when the search no longer finds it.
    details_written = Signal(object, object)
    notice = Signal(str)  # a done action worth a word in the status bar ("Saved …")
    # A Save of several into a folder ended: what it saved, what it left out (or ""), and the
    # folder (a Path), for the window to say with a button that shows the folder.
    saved_several = Signal(str, str, object)
    # A Publish of several left out those whose image file was found gone or damaged: which,
    # and what puts them right, for the window to say in a banner.
    publish_left_out = Signal(str, str)
    # Delete of several confirmed, before the first goes: the ids of them all (a list of int).
    deleting_several = Signal(object)
    # That Delete of several is over, the ids it was given (a list of int): those whose image
    # the Trash refused are still there.
    deleted_several = Signal(object)
    # An action is about to act, or a menu of them to show (bring_up_to_date): a view that
    # put off pointing the actions at what changed (LibraryPanel._data_changed) points them
    # now, so that it acts on what is shown.
    acting = Signal()
    # The actions were enabled and worded anew for what is selected (:meth:`_refresh`).
    refreshed = Signal()
    # The artworks (a list of Snapshots) an Undo of a Delete brought back, every view told
    # of them all: the library selects them.
    brought_back = Signal(object)

    def __init__(self, bridge: Bridge, host: DialogHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.host = host
        self.snapshot: Snapshot | None = None
        self.file_missing = False
        self.several: tuple[Snapshot, ...] = ()
        """Every artwork selected, when more than one is (:meth:`set_several`); else empty."""
        self.missing: frozenset[int] = frozenset()
        """Of :attr:`several`, the ids whose image file was found gone."""
        self.unreadable: frozenset[int] = frozenset()
        """Of :attr:`several`, the ids whose image file was found there but damaged (its
        tile says "Image unreadable"): Save as and Publish leave them out, and say so."""
        self._retried: list[Snapshot] = []
        """Of :attr:`several`, those Retry retries (:meth:`_to_retry`), as last refreshed."""
        self._resubmitted: list[Snapshot] = []
        """Of :attr:`several`, those Resubmit resubmits (:attr:`_Tally.resubmitted`), as last
        refreshed."""
        self._untold: dict[int, Snapshot] = {}
        """Artworks changed whose change the views are told in a later turn of the loop
        (:meth:`_all_changed`), by id."""
        self._telling: asyncio.Task[None] | None = None
        self._deleted: set[int] = set()
        """The artworks told deleted (``bridge.job_deleted``): ids are never given twice."""
        self._meanwhile: list[_Meanwhile] = []
        """For each write of artworks going on (:meth:`_write_rows`), what was told of
        its artworks meanwhile."""
        self.publish_enabled = False
        self.being_published: Callable[[], Collection[int]] = frozenset
        """The ids of the artworks being published (the window's publishing controller):
        Publish of several leaves them out."""
        self.held = ""
        """Why :data:`SENDS` are held (:meth:`hold_sends`); empty while they are not."""
        self._reading_kept: set[int] = set()
        """The jobs whose Resubmit (or Retry anew) reads the artworks kept for them before
        its question (:meth:`_ask_after_kept_read`): a second press meanwhile is this one."""
        self._menu_for: tuple[Snapshot, ...] | None = None
        """The artworks selected as the menu open now opened (:meth:`menu_opened`): what
        is chosen in it acts on them, or not at all."""
        self._menus_shown = 0
        """How many menus :meth:`menu_opened` followed have shown (:meth:`_menu_closed`)."""
        self._menu_hidden = 0
        """The :attr:`_menus_shown` of the menu that closed last (:meth:`_menu_closing`)."""
        self._menu_closes = next_turn(self, self._last_menu_closed)
        self.actions: dict[str, QAction] = {}
        self._labels: dict[str, str] = {}
        self._tips: dict[str, str] = {}
        self._build()
        self.undo = LibraryUndo(bridge, self._put_back, self._delete_again, self)
        self._undo_folder = KeptFolder(bridge.session.paths.data / UNDO_FOLDER)
        """This window's folder for the links a Delete keeps (:meth:`_keep_images`), let go
        of as it closes (after Undo let go of its steps)."""
        bridge.closing.connect(self._undo_folder.release)
        self._learn_links()
        self._window_gone = False
        """The window closed (``Bridge.window_closed``): a Delete it lets finish asks nothing
        more (:meth:`_trash_refused`)."""
        bridge.window_closed.connect(self._window_closed)
        self.undo.notice.connect(self.notice)
        self.undo.brought_back.connect(self._brought_back)
        self.set_snapshot(None)
        bridge.job_changed.connect(self._told)
        bridge.job_deleted.connect(self._untold_gone)

    # Building -----------------------------------------------------------------------------

    def _build(self) -> None:
        labels = {
            "full_view": self.tr("Vie&w full screen"),
            "cancel": self.tr("Ca&ncel…"),
            "retry": self.tr("Retr&y"),
            "resubmit": self.tr("R&esubmit…"),
            "enter_task_id": self.tr("Enter tas&k ID…"),
            "use_as_reference": self.tr("Use as re&ference"),
            "reuse_settings": self.tr("Reuse &settings"),
            "copy_prompt": self.tr("&Copy prompt"),
            "copy_image": self.tr("Copy &image"),
            "save_as": self.tr("Sa&ve as…"),
            "show_in_folder": self.tr("Show in f&older"),
            "star": self.tr("St&ar the selected artwork"),
            "delete": self.tr("&Delete…"),
            "rename": self.tr("&Rename…"),
            "details": self.tr("Edit de&tails…"),
            "publish": self.tr("Pu&blish the selected artwork"),
            "copy_url": self.tr("Copy &link"),
            "unpublish": self.tr("Un&publish…"),
        }
        tips = {
            "full_view": self.tr("The artwork alone, as large as the screen (Esc to come back)"),
            "cancel": self.tr("Stop tracking this job (KIE may still finish and charge it)"),
            "retry": self.tr("Try again a job that failed, timed out or was cancelled"),
            # Not "a job that got no answer": one may have come, unreadable or without a
            # task id, and the question says so (_resubmit).
            "resubmit": self.tr(
                "Send again a job KIE may or may not have made; it may be charged twice if it did"
            ),
            "enter_task_id": self.tr(
                "Give this job the task ID found in the logs of your account on kie.ai: it "
                "follows that task, without being sent or paid for again"
            ),
            "use_as_reference": self.tr("Edit this image: load it as the reference"),
            "reuse_settings": self.tr("Load this job's prompt and options into Generate"),
            "copy_prompt": self.tr("Copy this job's prompt to the clipboard"),
            "copy_image": self.tr("Copy the image to the clipboard, to paste it into another app"),
            "save_as": self.tr("Save a copy of the image in a folder of your choice"),
            "show_in_folder": self.tr("Open the library's folder that holds the image"),
            "star": self.tr("Star this artwork to find it with ★ Starred"),
            "rename": self.tr("Give this artwork a title of its own instead of its prompt"),
            "details": self.tr("Change this artwork's title, description and tags"),
            "delete": self.tr("Remove this job and its image from the library, after asking"),
            "publish": self.tr("Upload this artwork to your R2 bucket"),
            "copy_url": self.tr("Copy the artwork's public link"),
            "unpublish": self.tr("Remove this artwork from your R2 bucket"),
        }
        handlers = {
            "full_view": self._full_view,
            "cancel": self._cancel,
            "retry": self._retry,
            "resubmit": self._resubmit,
            "enter_task_id": self._enter_task_id,
            "use_as_reference": self._use_as_reference,
            "reuse_settings": self._reuse_settings,
            "copy_prompt": self._copy_prompt,
            "copy_image": self._copy_image,
            "save_as": self._save_as,
            "show_in_folder": self._show_in_folder,
            "star": self._toggle_star,
            "delete": self._delete,
            "rename": self._rename,
            "details": self._edit_details,
            "publish": self._publish,
            "copy_url": self._copy_url,
            "unpublish": self._unpublish,
        }
        self._labels = labels
        self._tips = tips
        self._demo_tips = {
            "cancel": self.tr(
                "Stop tracking this job (the demo server may still finish it; a demo job uses "
                "no real credits)"
            ),
            "resubmit": self.tr(
                "Send again a job the demo server may or may not have made; a demo job uses no "
                "real credits, at worst the image is made twice"
            ),
            "enter_task_id": self.tr(
                "Give this job the demo server's task ID: it follows that task, without being "
                "sent again"
            ),
        }
        for key in ACTION_KEYS:
            action = QAction(labels[key], self)
            action.setObjectName(f"action_{key}")
            action.setToolTip(plain_tooltip(tips[key]))
            # Keys (Esc, F2, Delete...) from the one table the Help overview lists; they work
            # only where the job list (or the preview) has focus.
            shortcuts.assign(action, key)
            action.triggered.connect(handlers[key])
            self.actions[key] = action
        # The library's Delete button keeps its one word (the label without its "…") while
        # menus say how many it deletes (:meth:`_word_for_several`): "Delete 3 artworks"
        # pushed it, the one of the library's buttons several can use, into More. A button
        # shows no access letter: Qt's own icon text kept zh_CN's "(F)" of "用作参考图(&F)".
        for key in (
            "delete",
            "cancel",
            "retry",
            "resubmit",
            "enter_task_id",
            "use_as_reference",
            "reuse_settings",
        ):
            self.actions[key].setIconText(button_words(labels[key]))

    def publishes_changed(self) -> None:
        """Publishes started or ended (:attr:`being_published`): Publish of several counts
        only those still to publish, and is greyed once all of them are under way. Before,
        "Publish 1,875 artworks" kept its count, and its press, during the batch it began."""
        if self.several:
            self._refresh()

    def set_publish_enabled(self, enabled: bool) -> None:
        self.publish_enabled = enabled
        self._refresh()

    def hold_sends(self, why: str) -> None:
        """Hold Retry and Resubmit, each saying ``why`` where it would apply; an empty
        ``why`` lets them go. In demo mode, while the demo server is stopped, they could only
        fail again until a restart of the app starts it again."""
        self.held = why
        self._refresh()

    def set_snapshot(self, snapshot: Snapshot | None, *, file_missing: bool = False) -> None:
        """Point every action at ``snapshot`` and enable exactly the applicable ones;
        ``file_missing``: its image file was found gone, so nothing that reads it applies."""
        self.snapshot = snapshot
        self.file_missing = file_missing
        self.several, self.missing, self.unreadable = (), frozenset(), frozenset()
        self._refresh()

    def set_several(
        self,
        current: Snapshot,
        selected: Sequence[Snapshot],
        missing: Collection[int],
        unreadable: Collection[int] = frozenset(),
    ) -> None:
        """Point the actions at several artworks ``selected`` at once: those
        :func:`applicable_to_several` offers act on all of them, the others are off.
        ``current`` is the one the preview shows; ``missing``, the ids whose image file was
        found gone; ``unreadable``, those whose file was found damaged (:attr:`unreadable`)."""
        self.snapshot = current
        self.file_missing = current.id in missing
        self.several, self.missing = tuple(selected), frozenset(missing)
        self.unreadable = frozenset(unreadable)
        self._refresh()

    def _refresh(self) -> None:
        """Enable exactly the applicable actions, and word them for what is selected. Each
        of several selected is looked at once (thousands, at every change of them)."""
        tally = _tally(
            self.several,
            self.missing,
            self.bridge.session.demo,
            self.unreadable,
            self.being_published() if self.several else frozenset(),
        )
        self._retried, self._resubmitted = tally.retried, tally.resubmitted
        offered = self._offered()
        why = self._held_why()
        keys = offered - SENDS if why else offered
        for key, action in self.actions.items():
            action.setEnabled(key in keys)
            action.setToolTip(plain_tooltip(self._tips[key]))  # worded below for what is selected
        for key in SENDS.union(self._demo_tips):  # Retry's: see _tip
            held = bool(why) and key in offered and key in SENDS
            self.actions[key].setToolTip(plain_tooltip(why if held else self._tip(key)))
        star = self.actions["star"]
        starred = self._all_starred()
        if self.several:
            self._word_for_several(starred, tally)
        else:
            star.setText(
                self.tr("Unst&ar the selected artwork") if starred else self._labels["star"]
            )
            star.setToolTip(
                plain_tooltip(
                    self.tr("Take the star off this artwork") if starred else self._tips["star"]
                )
            )
            for key in ("delete", "publish", "details"):
                self.actions[key].setText(self._labels[key])
            details = self.actions["details"]
            details.setIconText(button_words(details.text()))  # the preview's button
            for key in ("cancel", "retry", "resubmit"):
                self.actions[key].setText(self._labels[key])
            self.actions["publish"].setIconText(self.tr("Publish"))
        self._word_save(tally)
        if self.several:
            self._tip_greyed_for_several(keys)
        for key in PUBLISH_KEYS:
            self.actions[key].setVisible(self.publish_enabled)
        if self.snapshot is None:  # all greyed: each says why, as a held Retry does
            for action in self.actions.values():
                action.setToolTip(plain_tooltip(self._none_selected_words()))
        self.refreshed.emit()

    def none_selected(self) -> bool:
        """Whether no artwork is selected: every action is greyed."""
        return self.snapshot is None

    def _none_selected_words(self) -> str:
        return self.tr("No artwork is selected.")

    def _word_save(self, tally: _Tally) -> None:
        """Save as says, with several selected, how many images it saves into a folder
        ("Save 3 images to a folder…": those whose image file is there and not found
        damaged, :meth:`_to_save`);
        its own words with one selected, or none of several to save (greyed)."""
        save = self.actions["save_as"]
        count = tally.saved if self.several else 0
        if count == 0:
            save.setText(self._labels["save_as"])
            save.setIconText(button_words(self._labels["save_as"]))
            save.setToolTip(plain_tooltip(self._tips["save_as"]))
            return
        if count == 1:
            save.setText(self.tr("Sa&ve 1 image to a folder…"))
            save.setIconText(self.tr("Save 1 image"))  # the preview's button
        else:
            save.setText(self.tr("Sa&ve {count} images to a folder…").format(count=grouped(count)))
            save.setIconText(self.tr("Save {count} images").format(count=grouped(count)))
        save.setToolTip(
            plain_tooltip(
                self.tr(
                    "Save a copy of each selected image in a folder of your choice; files already "
                    "there are kept, a copy of the same name is numbered"
                )
            )
        )

    def _tip_greyed_for_several(self, keys: Collection[str]) -> None:
        """Save as and Publish, greyed with several selected (not in ``keys``), say why in
        their tooltips, as the key that would press them does (:meth:`_greyed_for_several`):
        the preview's greyed button said what it would do, not why it would not."""
        for key in ("save_as", "publish"):
            if key not in keys and (key == "save_as" or self.publish_enabled):
                self.actions[key].setToolTip(plain_tooltip(self._greyed_for_several(key)))

    def _to_save(self) -> list[Snapshot]:
        """Those of the several selected that Save as saves into a folder: each with its
        image, its file not found gone nor damaged."""
        left_out = self.missing | self.unreadable
        return [s for s in self.several if has_image(s) and s.id not in left_out]

    def _word_for_several(self, starred: bool, tally: _Tally) -> None:
        """Star, Delete, Publish and Edit details say how many artworks they act on
        ("Delete 5 artworks…", "Publish 2 selected artworks": those not published yet; "Add
        tags to 5 artworks…"; "Retry 8 jobs": those it retries), as a desktop photo library's
        do: a menu of three words did not show that it acts on more than one. Star and Publish
        say the artworks are the library's selected ones: in the Edit menu, beside the Upload
        tab's own Publish button, "Publish" read as that tab's."""
        count = len(self.several)
        details = self.actions["details"]
        details.setText(self.tr("Add &tags to {count} artworks…").format(count=grouped(count)))
        details.setIconText(button_words(details.text()))
        details.setToolTip(
            plain_tooltip(
                self.tr("Add tags to every selected artwork; each keeps its own tags and title")
            )
        )
        star = self.actions["star"]
        if starred:
            star.setText(self.tr("Unst&ar {count} selected artworks").format(count=grouped(count)))
            star.setToolTip(plain_tooltip(self.tr("Take the star off the selected artworks")))
        else:
            star.setText(self.tr("St&ar {count} selected artworks").format(count=grouped(count)))
            star.setToolTip(
                plain_tooltip(self.tr("Star the selected artworks to find them with ★ Starred"))
            )
        running = tally.running
        cancel = self.actions["cancel"]
        if running == 0:  # greyed: a count of none read as a choice ("Cancel 0 jobs…")
            cancel.setText(self._labels["cancel"])
        elif running == 1:
            cancel.setText(self.tr("Ca&ncel 1 job…"))
        else:
            cancel.setText(self.tr("Ca&ncel {count} jobs…").format(count=grouped(running)))
        cancel.setToolTip(
            plain_tooltip(
                self.tr(
                    "Stop tracking the selected jobs still running (KIE may still finish and "
                    "charge them)"
                )
            )
        )
        self._word_retry_for_several()
        self._word_resubmit_for_several()
        delete = self.actions["delete"]
        delete.setText(self.tr("&Delete {count} artworks…").format(count=grouped(count)))
        delete.setToolTip(
            plain_tooltip(
                self.tr("Remove the selected jobs and their images from the library, after asking")
            )
        )
        publish = self.actions["publish"]
        ready = tally.ready
        # The preview's Publish button keeps the shorter words of before.
        if ready == 1:
            publish.setText(self.tr("Pu&blish 1 selected artwork"))
            publish.setIconText(self.tr("Publish 1 artwork"))
        elif ready:
            publish.setText(
                self.tr("Pu&blish {count} selected artworks").format(count=grouped(ready))
            )
            publish.setIconText(self.tr("Publish {count} artworks").format(count=grouped(ready)))
        else:
            publish.setText(self.tr("Pu&blish the selected artworks"))
            publish.setIconText(self.tr("Publish"))
        publish.setToolTip(
            plain_tooltip(
                self.tr("Upload the selected artworks not published yet to your R2 bucket")
            )
        )

    def _word_retry_for_several(self) -> None:
        """Retry says how many of the selected jobs it retries (:meth:`_to_retry`); greyed,
        its one word, as Cancel's: "Retry 0 jobs" read as a choice."""
        retry = self.actions["retry"]
        count = len(self._retried)
        if count == 0:
            retry.setText(self._labels["retry"])
        elif count == 1:
            retry.setText(self.tr("Retr&y 1 job"))
        else:
            retry.setText(self.tr("Retr&y {count} jobs").format(count=grouped(count)))
        if not self._held_why():
            retry.setToolTip(
                plain_tooltip(
                    self.tr(
                        "Try again the selected jobs that failed, timed out or were cancelled; "
                        "those that need Resubmit or would be sent anew and charged are left as "
                        "they are"
                    )
                )
            )

    def _word_resubmit_for_several(self) -> None:
        """Resubmit says how many of the selected jobs it resubmits (:attr:`_resubmitted`);
        greyed, its one word."""
        resubmit = self.actions["resubmit"]
        count = len(self._resubmitted)
        if count == 0:
            resubmit.setText(self._labels["resubmit"])
        elif count == 1:
            resubmit.setText(self.tr("R&esubmit 1 job…"))
        else:
            resubmit.setText(self.tr("R&esubmit {count} jobs…").format(count=grouped(count)))
        if not self._held_why():
            resubmit.setToolTip(
                plain_tooltip(
                    self.tr(
                        "Send again the selected jobs whose outcome is unknown, after one "
                        "question; each may be charged twice if KIE made it"
                    )
                    if not self.bridge.session.demo
                    else self.tr(
                        "Send again the selected jobs whose outcome is unknown, after one "
                        "question; a demo job uses no real credits"
                    )
                )
            )

    def _to_retry(self) -> list[Snapshot]:
        """Those of the several selected that Retry retries (:func:`retried_with_others`):
        of this mode only, as the engine carries on no job of the other mode."""
        return _tally(self.several, self.missing, self.bridge.session.demo).retried

    def _all_starred(self) -> bool:
        """Whether what is selected is starred: Star then takes the star off (every one of
        several), else it stars them all, as a photo library's star does."""
        if self.several:
            return all(self._starred(s) for s in self.several)
        return self.snapshot is not None and self._starred(self.snapshot)

    def _starred(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` is starred as the artist sees it: as the Stars pressed and
        not told yet leave it (``Bridge.stars``), else as the window's copy says."""
        wanted = self.bridge.stars.get(snapshot.id)
        return snapshot.starred if wanted is None else wanted[0]

    def _demo(self) -> bool:
        """Whether the current job is a demo one (made by the simulator, no real credits);
        without a job, whether the app is in demo mode."""
        if self.snapshot is not None:
            return self.snapshot.simulated
        return self.bridge.session.demo

    def _tip(self, key: str) -> str:
        """The tooltip of ``key``: a demo job's speaks of the demo server, not of KIE's charges;
        Retry's of a cancelled job says what it does with it (:func:`cancelled_retry_words`),
        greyed for a job whose image is gone for good (:func:`result_gone`) why it is,
        Cancel's of a job KIE finished that its credits are spent."""
        words = cancelled_retry_words(self.snapshot) if self.snapshot is not None else ""
        if key == "retry" and words:
            return words
        if key == "retry" and self.snapshot is not None and result_gone(self.snapshot):
            return translate("Errors", result_gone_words(self.snapshot))
        if key == "cancel" and self.snapshot and self.snapshot.state is JobState.DOWNLOADING:
            return self._finished_cancel_tip(self.snapshot)
        if self._demo() and key in self._demo_tips:
            return self._demo_tips[key]
        return self._tips[key]

    def _finished_cancel_tip(self, snapshot: Snapshot) -> str:
        """Cancel's tooltip for a job whose image is downloading: its server finished it, so
        the credits (a demo job's demo balance) are spent whether it is tracked or not."""
        if snapshot.simulated:
            return self.tr(
                "Stop tracking this job (the demo server has finished it; a demo job uses no "
                "real credits)"
            )
        return self.tr(
            "Stop tracking this job (KIE has finished it and its credits are spent; Retry "
            "fetches it without paying again)"
        )

    def _held_why(self) -> str:
        """Why :data:`SENDS` are held for the current job, empty when they are not: a job of
        the other mode, which only its own mode can send again (the engine refuses it here,
        after Resubmit has asked its question), or :attr:`held`."""
        snapshot = self.snapshot
        if snapshot is None or self.several or snapshot.simulated is self.bridge.session.demo:
            return self.held
        return other_mode_advice(snapshot, lines=True)

    def _applicable(self) -> frozenset[str]:
        keys = self._offered()
        return keys - SENDS if self._held_why() else keys

    def _offered(self) -> frozenset[str]:
        """The applicable actions, sending ones included while they are held."""
        if self.several:
            keys = applicable_to_several(
                self.several,
                missing=self.missing,
                publish_enabled=self.publish_enabled,
                unreadable=self.unreadable,
                publishing=self.being_published(),
            )
            if not self._retried:
                keys -= {"retry"}
            return keys if self._resubmitted else keys - {"resubmit"}
        keys = applicable(self.snapshot, publish_enabled=self.publish_enabled)
        if self.file_missing:
            keys -= set(_READS_FILE)
        return keys

    def _current(self, key: str) -> Snapshot | None:
        """The snapshot, if ``key`` still applies to it (a shortcut may fire on a stale one),
        and it is the one the menu chosen from opened for (:meth:`_menu_outdated`)."""
        self.bring_up_to_date()
        if self._menu_outdated() or key not in self._applicable():
            return None
        return self.snapshot

    def _selected(self) -> tuple[Snapshot, ...]:
        return self.several or ((self.snapshot,) if self.snapshot is not None else ())

    def menu_opened(self, menu: QMenu) -> None:
        """``menu``'s actions are brought up to date as it shows (:meth:`_menu_showing`),
        and what is chosen in it acts on the artworks selected then, or on none
        (:meth:`_menu_outdated`). One deleted by another program (the command line) while
        its menu was open, the library selected the next, and the menu acted on that one:
        Delete's question named it, Star and Copy image acted on it unasked."""
        menu.aboutToShow.connect(self._menu_showing)
        menu.aboutToHide.connect(self._menu_closing)

    def _menu_showing(self) -> None:
        """A menu shows: the actions are brought up to date (:meth:`bring_up_to_date`),
        offered and worded as the artworks now are, and it records those selected. The
        preview's » menu recorded them without: an action of several put off (a Delete
        of several running) or a state changed since was offered, or refused, as it was."""
        self.bring_up_to_date()
        self._stop_watching_input()
        self._menu_for = self._selected()
        self._menus_shown += 1

    def _menu_closing(self) -> None:
        """What is chosen in a menu acts as it hides, in the handling of the same click or
        key: its record goes as that ends, at the artist's next key or click, or the loop's
        next turn, whichever comes first (:meth:`_menu_closed`). Kept until the next turn
        alone, keys typed faster (Esc, Right, Ctrl+D in one go) were taken as chosen in the
        menu: Ctrl+D, the next tile selected, was refused as "The selection changed while
        the menu was open"."""
        self._menu_hidden = self._menus_shown
        self._menu_closes.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A key or a click after a menu closed (:meth:`_menu_closing`): its record goes."""
        if event.type() in _INPUT:
            self._last_menu_closed()
        return False

    def _last_menu_closed(self) -> None:
        """The loop's next turn, a key or a click after the last menu closed."""
        self._menu_closed(self._menu_hidden)

    def _menu_closed(self, shown: int) -> None:
        """The menu that was the ``shown``-th to show closed, and what was chosen in it
        acted: its record goes, unless another menu showed since (a right-click on another
        tile closes one menu and opens the next at once), whose record it took away."""
        if shown == self._menus_shown:
            self._menu_for = None
            self._stop_watching_input()

    def _stop_watching_input(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _menu_outdated(self) -> bool:
        """Whether the menu chosen from (:meth:`menu_opened`) was opened for other artworks
        than those selected now; if so, the status bar says why nothing was done: the one it
        was opened for deleted by another program, or the selection changed (an artwork
        that left the state filter shown, as it ended). Kept until the menu has closed
        (:meth:`_menu_closed`): a key pressed while it was open (Ctrl+D) made it forget,
        and what was chosen in it after acted on the next artwork."""
        opened_for = self._menu_for
        if opened_for is None or {s.id for s in opened_for} == {s.id for s in self._selected()}:
            return False
        bridge = self.bridge
        elsewhere = [s for s in opened_for if self._gone(s.id) and not bridge.deleted_here(s.id)]
        if elsewhere:
            words = join_sentences(self._elsewhere_words(elsewhere), self.tr("Nothing was done."))
        else:
            words = self.tr("The selection changed while the menu was open: nothing was done.")
        self.notice.emit(words)
        return True

    # Handlers -----------------------------------------------------------------------------

    def _full_view(self) -> None:
        if snapshot := self._current("full_view"):
            self.full_view_requested.emit(snapshot)

    def _cancel(self) -> None:
        snapshot = self._current("cancel")
        if snapshot is None:
            return
        if self.several:
            self._cancel_several()
            return
        text = self._cancel_question(snapshot).format(whole_name(snapshot))
        held = self._ask_to_cancel([snapshot], self.tr("Cancel job"), text)
        if held is not None:
            self.bridge.spawn(self._cancel_job(snapshot.id, held), write=True)

    def _ask_to_cancel(
        self, running: Sequence[Snapshot], title: str, text: str
    ) -> list[int] | None:
        """Ask ``text``; ``None`` when the artist keeps tracking, else the jobs held
        (:meth:`JobEngine.hold_turns`) for the caller's cancel to let go once it has landed.
        The question says a job waiting its turn costs nothing (:meth:`_costs_nothing`):
        before, its turn could come while the artist read that, and it was sent (and
        charged) just before the cancel. Now it is held from the question on, and the others
        behind it go first."""
        engine = self.bridge.session.engine
        held = [s.id for s in running if self._waits_turn(s)]
        engine.hold_turns(held)
        stop = False
        try:
            stop = self.host.confirm(
                title, text, self.tr("&Stop tracking"), self.tr("&Keep tracking")
            )
        finally:
            if not stop:
                engine.release_turns(held)
        return held if stop else None

    def _cancel_question(self, snapshot: Snapshot) -> str:
        """What Cancel asks: a demo job's task is the demo server's, and uses no real credits.
        A job whose image is downloading was finished, and charged, by KIE: stopping saves
        nothing, and Retry fetches the image
        (:func:`~kontext_studio.jobs.stopped.retry_state`) without paying again."""
        if snapshot.state is JobState.DOWNLOADING:
            if snapshot.simulated:
                return self.tr(
                    "Stop tracking “{0}”?\n\nThe demo server has already finished this image, "
                    "so the demo balance went down for it (no real credits). Retry fetches the "
                    "image later without lowering it again."
                )
            return self.tr(
                "Stop tracking “{0}”?\n\nKIE has already finished this image, so its credits "
                "are spent: stopping now does not give them back. Retry fetches the image later "
                "without paying again (KIE keeps it for 14 days)."
            )
        if self._costs_nothing(snapshot) and snapshot.submit_count:
            # Sent, and turned away (a 429) or never reaching KIE: not "never sent".
            if snapshot.simulated:
                return self.tr(
                    "Stop tracking “{0}”?\n\nIt is waiting its turn to be sent to the demo "
                    "server again, and the demo server has not taken it yet, so the demo "
                    "balance does not go down."
                )
            return self.tr(
                "Stop tracking “{0}”?\n\nIt is waiting its turn to be sent to KIE again, and "
                "KIE has not taken it yet, so nothing is charged."
            )
        if self._costs_nothing(snapshot):
            if snapshot.simulated:
                return self.tr(
                    "Stop tracking “{0}”?\n\nIt is still waiting its turn and was never sent to "
                    "the demo server, so the demo balance does not go down."
                )
            return self.tr(
                "Stop tracking “{0}”?\n\nIt is still waiting its turn and was never sent to KIE, "
                "so nothing is charged."
            )
        if self._waits_turn(snapshot):
            if snapshot.simulated:
                return self.tr(
                    "Stop tracking “{0}”?\n\nIt is waiting its turn to be sent to the demo server "
                    "again, so stopping it now sends nothing more. An earlier send of it may "
                    "already have lowered the demo balance (no real credits)."
                )
            return self.tr(
                "Stop tracking “{0}”?\n\nIt is waiting its turn to be sent to KIE again, so "
                "stopping it now sends nothing more. An earlier send of it may already have "
                "reached KIE, and what that cost is not given back."
            )
        if snapshot.task_id:
            return self._cancel_taken_question(snapshot)
        if snapshot.simulated:
            return self.tr(
                "Stop tracking “{0}”?\n\nThe demo server, like KIE, has no cancel call: if the "
                "job already reached it, it may still finish there. A demo job uses no real "
                "credits: only the demo balance goes down."
            )
        return self.tr(
            "Stop tracking “{0}”?\n\nKIE has no cancel call: if the job already reached KIE it "
            "may still finish there, and its credits may still be spent."
        )

    def _cancel_taken_question(self, snapshot: Snapshot) -> str:
        """Cancel of a job KIE has taken: its task ID, shown in the details, says it reached
        KIE. Before, the question said "if the job already reached KIE", as if that were not
        known."""
        if snapshot.simulated:
            return self.tr(
                "Stop tracking “{0}”?\n\nThe demo server has already taken this job and, like "
                "KIE, has no cancel call: it may still finish it. A demo job uses no real "
                "credits: only the demo balance goes down."
            )
        return self.tr(
            "Stop tracking “{0}”?\n\nKIE has already taken this job and has no cancel call: "
            "it may still finish it, and its credits may still be spent."
        )

    def _waits_turn(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` is held back by the app's rate limit, or waits out the
        back-off after KIE turned its send away (a 429): its next send has not gone out
        (Cancel's question holds it: :meth:`_ask_to_cancel`). Before, a job in the back-off
        was asked of as one KIE may be charging."""
        engine = self.bridge.session.engine
        waits = engine.waits_turn(snapshot.id) or engine.sends_again(snapshot.id)
        return snapshot.state is JobState.QUEUED and waits

    def _costs_nothing(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` waits its turn and no send of it may have been charged:
        never sent at all, or each send never reached KIE or was turned away by it (the
        engine's ``charged_nothing``: a 429, no connection), so stopping it costs nothing.
        One waiting to be sent again after a send whose outcome is unknown (a Resubmit) may
        have been charged for it: the cancel's note does not say "not sent" for it either
        (:func:`~kontext_studio.jobs.stopped.cancel_fields`)."""
        engine = self.bridge.session.engine
        return engine.charged_nothing(snapshot) and self._waits_turn(snapshot)

    def _cancel_several(self) -> None:
        """One question for the running jobs among those selected, saying what stopping
        them costs as Cancel of one does (:meth:`_cancel_question`); then each is stopped.
        Those not running are left as they are, and the question says so."""
        running = [s for s in self.several if s.state.is_active]
        total = len(self.several)
        if len(running) == total:
            text = self.tr("Stop tracking {count} running jobs?").format(count=grouped(total))
        elif len(running) == 1:
            text = self.tr(
                "Stop tracking the one running job among the {total} selected? The others are "
                "not running and stay as they are."
            ).format(total=grouped(total))
        else:
            text = self.tr(
                "Stop tracking the {count} running jobs among the {total} selected? The others "
                "are not running and stay as they are."
            ).format(count=grouped(len(running)), total=grouped(total))
        for words in self._cancel_costs(running):
            text += "\n\n" + words
        held = self._ask_to_cancel(running, self.tr("Cancel jobs"), text)
        if held is not None:
            self.bridge.spawn(self._cancel_jobs(running, held), write=True)

    def _cancel_costs(self, running: Sequence[Snapshot]) -> list[str]:
        """What Cancel of several says stopping them costs, as :meth:`_cancel_question` says
        it of one: live ones KIE may still finish and charge, live ones KIE has finished
        (their image downloading: charged, Retry fetches them), demo ones."""
        waiting = sum(1 for s in running if self._costs_nothing(s))
        may_cost = [s for s in running if not self._costs_nothing(s)]
        demo = sum(1 for s in may_cost if s.simulated)
        finished = sum(1 for s in may_cost if not s.simulated and s.state is JobState.DOWNLOADING)
        live = [s for s in may_cost if not s.simulated and s.state is not JobState.DOWNLOADING]
        taken = sum(1 for s in live if s.task_id and not self._waits_turn(s))
        words = [self._waiting_costs(waiting, len(running))] if waiting else []
        if taken:
            words.append(self._taken_costs(taken, len(running)))
        if len(live) > taken:
            words.append(
                self.tr(
                    "KIE has no cancel call: those that already reached KIE may still finish "
                    "there, and their credits may still be spent."
                )
                if not taken
                else self.tr(
                    "Those it has not taken may have reached it meanwhile, and may still be "
                    "finished and charged as well."
                )
            )
        if finished:
            words.append(
                self.tr(
                    "KIE has already finished {count} of them, so their credits are spent: "
                    "stopping now does not give them back. Retry fetches their images later "
                    "without paying again (KIE keeps them for 14 days)."
                ).format(count=grouped(finished))
            )
        demo_taken = sum(
            1 for s in may_cost if s.simulated and s.task_id and not self._waits_turn(s)
        )
        if demo_taken:
            words.append(self._demo_taken_costs(demo_taken, len(running)))
        if demo > demo_taken:
            words.append(
                self.tr(
                    "The demo server, like KIE, has no cancel call: demo jobs that reached it "
                    "may still finish there. Demo jobs use no real credits: only the demo "
                    "balance goes down."
                )
                if not demo_taken
                else self.tr(
                    "Those it has not taken may have reached it meanwhile, and may still be "
                    "finished as well."
                )
            )
        return words

    def _demo_taken_costs(self, taken: int, running: int) -> str:
        """:meth:`_taken_costs` of demo jobs the demo server has taken, in the words Cancel
        of one says it in: it has no cancel call either, and no real credits are spent."""
        if taken == 1 and running == 1:
            return self.tr(
                "The demo server has already taken this job and, like KIE, has no cancel "
                "call: it may still finish it. A demo job uses no real credits: only the demo "
                "balance goes down."
            )
        if taken == 1:
            return self.tr(
                "The demo server has already taken one of them and, like KIE, has no cancel "
                "call: it may still finish it. Demo jobs use no real credits: only the demo "
                "balance goes down."
            )
        if taken == running:
            return self.tr(
                "The demo server has already taken each of them and, like KIE, has no cancel "
                "call: it may still finish them. Demo jobs use no real credits: only the demo "
                "balance goes down."
            )
        return self.tr(
            "The demo server has already taken {count} of them and, like KIE, has no cancel "
            "call: it may still finish them. Demo jobs use no real credits: only the demo "
            "balance goes down."
        ).format(count=grouped(taken))

    def _taken_costs(self, taken: int, running: int) -> str:
        """That KIE has taken ``taken`` of the ``running`` jobs Cancel stops (their task ID
        says so), in the words Cancel of one says it in (:meth:`_cancel_taken_question`).
        Before, the question of several said "those that already reached KIE", as if that
        were not known."""
        if taken == 1 and running == 1:
            return self.tr(
                "KIE has already taken this job and has no cancel call: it may still finish "
                "it, and its credits may still be spent."
            )
        if taken == 1:
            return self.tr(
                "KIE has already taken one of them and has no cancel call: it may still "
                "finish it, and its credits may still be spent."
            )
        if taken == running:  # "all 2" read oddly, and the question has just counted them
            return self.tr(
                "KIE has already taken each of them and has no cancel call: it may still "
                "finish them, and their credits may still be spent."
            )
        return self.tr(
            "KIE has already taken {count} of them and has no cancel call: it may still "
            "finish them, and their credits may still be spent."
        ).format(count=grouped(taken))

    def _waiting_costs(self, waiting: int, running: int) -> str:
        """That the ``waiting`` of the ``running`` jobs Cancel stops, held back by the rate
        limit, were not taken: they cost nothing (no demo balance, in demo mode). Not that
        they were never sent: one KIE turned away (a 429) was sent."""
        if self.bridge.session.demo:
            if waiting == running:
                return self.tr(
                    "They are still waiting their turn, and the demo server has not taken them "
                    "yet, so the demo balance does not go down."
                )
            if waiting == 1:
                return self.tr(
                    "One of them is still waiting its turn, and the demo server has not taken "
                    "it yet: the demo balance does not go down for it."
                )
            return self.tr(
                "{count} of them are still waiting their turn, and the demo server has not "
                "taken them yet: the demo balance does not go down for those."
            ).format(count=grouped(waiting))
        if waiting == running:
            return self.tr(
                "They are still waiting their turn, and KIE has not taken them yet, so nothing "
                "is charged."
            )
        if waiting == 1:
            return self.tr(
                "One of them is still waiting its turn, and KIE has not taken it yet: nothing "
                "is charged for it."
            )
        return self.tr(
            "{count} of them are still waiting their turn, and KIE has not taken them yet: "
            "nothing is charged for those."
        ).format(count=grouped(waiting))

    async def _cancel_jobs(self, running: Sequence[Snapshot], held: Sequence[int] = ()) -> None:
        """Stop each in turn; those that ended meanwhile are counted in one word in the
        status bar, not one each, and those another program deleted are dropped and said so
        (:meth:`_found_gone_among`): before, they were counted among those that "had ended
        meanwhile", their tiles left until the library next read what other programs wrote.
        One whose cancel failed (the library busy a moment) does not stop the others: the
        first failure is said once they are all tried. ``held`` (:meth:`_ask_to_cancel`) are
        let go once all are tried."""
        engine = self.bridge.session.engine
        over: list[int] = []
        failed: KontextError | None = None
        try:
            for snapshot in running:
                try:
                    await engine.cancel(snapshot.id)
                except InputError:
                    over.append(snapshot.id)
                except KontextError as error:
                    failed = failed or error
        finally:
            engine.release_turns(held)
        left = await asyncio.to_thread(self.bridge.session.ledger.get_many, over) if over else {}
        gone = [job_id for job_id in over if job_id not in left]
        words = join_sentences(
            self._ended_words(len(left)), self._found_gone_among(running, gone, jobs=True)
        )
        if words:
            self.notice.emit(words)
        if failed is not None:
            raise failed

    def _ended_words(self, ended: int) -> str:
        """That ``ended`` of the jobs Cancel of several stops had ended meanwhile; empty
        for none."""
        if ended == 1:
            return self.tr("One of them had ended meanwhile: nothing to cancel there.")
        if ended:
            return self.tr("{count} of them had ended meanwhile: nothing to cancel there.").format(
                count=grouped(ended)
            )
        return ""

    async def _cancel_job(self, job_id: int, held: Sequence[int] = ()) -> None:
        """Cancel, or, for a job that ended (or was deleted, and is dropped by every view:
        :meth:`found_gone`) while the artist read the question, say so in the status bar:
        the Cancel did nothing, and nothing told the artist that, nor why. "The request is
        not valid" in the banner would only confuse. ``held`` (:meth:`_ask_to_cancel`) are
        let go once the cancel has landed."""
        session = self.bridge.session
        try:
            await session.engine.cancel(job_id)
        except InputError:
            log.info("cancel: job already over", extra={"event": "cancel_too_late"})
            row = await asyncio.to_thread(session.ledger.get, job_id)
            current = session.engine.as_shown(row) if row is not None else None
            if current is not None and current.state.is_active:
                raise  # carried on again meanwhile (a command's retry): the engine's words
            if current is None:
                self.found_gone([job_id])
            self.notice.emit(self._too_late_to_cancel(current))
        finally:
            session.engine.release_turns(held)

    def _too_late_to_cancel(self, current: Snapshot | None) -> str:
        """What a Cancel that came too late says, by how the job ended (``None``: deleted).
        Without the title: the question just named it, and the status bar's room for a
        message is short (a long title cut the end of the words off)."""
        if current is None:
            return self.tr("The job was deleted meanwhile: there was nothing to cancel.")
        words = {
            JobState.COMPLETED: self.tr("Too late to cancel: the job had already completed."),
            JobState.FAILED: self.tr("Too late to cancel: the job had already failed."),
            JobState.TIMEOUT: self.tr("Too late to cancel: the job had already timed out."),
            JobState.UNKNOWN: self.tr(
                "Too late to cancel: the job had already stopped, its outcome unknown."
            ),
            JobState.CANCELLED: self.tr("The job was cancelled already."),
        }
        return words[current.state]

    def _retry(self) -> None:
        """One click, except where the retry sends a new, charged job
        (:func:`retry_sends_anew`), or sends a job again while an earlier send of it made
        its image (:meth:`_ask_to_send_again`): the artist is asked first, as for Resubmit."""
        snapshot = self._current("retry")
        if snapshot is None:
            return
        if self.several:
            self._retry_several()
            return
        if self._awaited_already(snapshot) or self._checked_already(snapshot):
            return
        if kept_sends_anew(snapshot) and not task_lost(snapshot):
            made_for = self._made_for(snapshot)
            self._ask_after_read(snapshot, made_for, self._ask_to_send_kept_anew)
            return
        if retry_sends_anew(snapshot):
            self._ask_after_kept_read(snapshot, self._ask_to_send_anew)
            return
        if retry_sends(snapshot):
            self._ask_after_kept_read(snapshot, self._ask_to_send_again)
            return
        self._carry_on(snapshot, self._retried_unless_kept(snapshot), RETRIED_GONE)

    def _ask_to_send_again(self, snapshot: Snapshot, kept: Sequence[Snapshot]) -> None:
        """Retry of a job it sends again (:func:`retry_sends`: cancelled before its send
        went out, failed before reaching KIE, or at KIE) is charged as any new job. When an
        earlier send of it made its image, or is making it (``kept``: :meth:`_kept_already`),
        the artist is asked first, as Resubmit asks: before, one click paid again for an
        image already in the library, which only the command line named (and only of a
        cancelled job). Without one, one click, as before."""
        already = self._kept_already(kept)
        if already:
            if snapshot.simulated:
                words = self.tr(
                    "Retrying sends “{0}” to the demo server again. A demo job uses no real "
                    "credits: only the demo balance goes down."
                )
            else:
                words = self.tr("Retrying sends “{0}” to KIE again, charged as any new job.")
            text = words.format(sentence_title(snapshot)) + already
            if not self.host.confirm(self.tr("Retry job"), text, self.tr("&Send again")):
                return
            retried = self.bridge.session.engine.retry(snapshot.id, pay_again=True)
            self._carry_on(snapshot, retried, RETRIED_GONE)
            return
        self._carry_on(snapshot, self._retried_unless_kept(snapshot), RETRIED_GONE)

    async def _retried_unless_kept(self, snapshot: Snapshot) -> Snapshot:
        """The engine's Retry of ``snapshot`` without the artist's word to pay again. One
        the engine refuses (:class:`KeptImageError`: another program kept a late answer to
        an earlier send of it, its image made or being made, since the window looked) asks
        Retry's question, that artwork named (:meth:`_ask_to_send_again`). Before, the
        engine sent it, and that image was paid for twice unasked."""
        try:
            return await self.bridge.session.engine.retry(snapshot.id)
        except KeptImageError:
            self._ask_after_read(snapshot, self._kept_read(snapshot.id), self._ask_to_send_again)
            return snapshot

    def _ask_to_send_kept_anew(self, snapshot: Snapshot, made_for: Sequence[Snapshot]) -> None:
        """Retry's question for an artwork kept for another job's late task, its task failed
        (:func:`kept_sends_anew`): naming that job (``made_for``, empty once deleted), which
        was sent again for the image, and that the retry is a new, charged job."""
        job = (
            self.tr("“{0}”").format(sentence_title(made_for[0]))
            if made_for
            else self.tr("a job deleted since")
        )
        if snapshot.simulated:
            words = self.tr(
                "“{title}” was kept for a late answer to an earlier send of {job}, and its "
                "task failed: nothing was made.\n\nRetrying sends its prompt to the demo "
                "server again as a new job. A demo job uses no real credits: only the demo "
                "balance goes down."
            )
        else:
            words = self.tr(
                "“{title}” was kept for a late answer to an earlier send of {job}, and its "
                "task failed: nothing was made.\n\nRetrying sends its prompt to KIE again "
                "as a new job, and it is charged."
            )
        text = words.format(title=sentence_title(snapshot), job=job)
        if self.host.confirm(self.tr("Retry job"), text, self.tr("&Send again")):
            retried = self.bridge.session.engine.retry(snapshot.id, pay_again=True)
            self._carry_on(snapshot, retried, RETRIED_GONE)

    async def _made_for(self, snapshot: Snapshot) -> list[Snapshot]:
        """The job ``snapshot`` was kept for (:attr:`Snapshot.made_for_job`), as a list:
        empty once deleted, or when the library could not be read (the question then says
        it without its title)."""
        job_id = snapshot.made_for_job
        try:
            found = await asyncio.to_thread(self.bridge.session.ledger.get, job_id or 0)
        except StorageError:
            log.warning("job kept for not read", extra={"event": "made_for_unread"})
            return []
        finally:
            self._reading_kept.discard(snapshot.id)
        return [found] if found is not None else []

    def _ask_to_send_anew(self, snapshot: Snapshot, kept: Sequence[Snapshot]) -> None:
        text = self._sends_anew_question(snapshot).format(whole_name(snapshot))
        text += self._kept_already(kept)
        if self.host.confirm(self.tr("Retry job"), text, self.tr("&Send again")):
            retried = self.bridge.session.engine.retry(snapshot.id, pay_again=True)
            self._carry_on(snapshot, retried, RETRIED_GONE)

    def _ask_after_kept_read(
        self, snapshot: Snapshot, ask: Callable[[Snapshot, Sequence[Snapshot]], None]
    ) -> None:
        """Read, off the GUI thread, the artworks kept for tasks of earlier sends of
        ``snapshot`` (:meth:`Ledger.kept_for`), then ``ask`` the question of a send that pays
        again, with them: before, it said nothing of the image already in the library. A
        press while they are read is this one, not a second question."""
        self._ask_after_read(snapshot, self._kept_for(snapshot.id), ask)

    def _ask_after_read(
        self,
        snapshot: Snapshot,
        read: Coroutine[Any, Any, list[Snapshot]],
        ask: Callable[[Snapshot, Sequence[Snapshot]], None],
    ) -> None:
        """Run ``read`` off the GUI thread, then ``ask`` with what it read: one press while
        it reads is this one, not a second question (``read`` forgets ``snapshot`` as it
        ends)."""
        if snapshot.id in self._reading_kept:
            read.close()
            return
        self._reading_kept.add(snapshot.id)
        if self.bridge.spawn(read, on_done=partial(ask, snapshot)) is None:
            self._reading_kept.discard(snapshot.id)  # the window is closing

    async def _kept_for(self, job_id: int) -> list[Snapshot]:
        """:meth:`Ledger.kept_for` ``job_id``; none when the library could not be read (the
        question is asked without them, as before)."""
        try:
            return await self._kept_read(job_id)
        except StorageError:
            log.warning("kept artworks not read", extra={"event": "kept_unread", "job_id": job_id})
            return []

    async def _kept_read(self, job_id: int) -> list[Snapshot]:
        """:meth:`Ledger.kept_for` ``job_id``, its failure raised: after the engine refused
        a Retry for an artwork kept, none read is no "none kept". Taken so, the question was
        not asked, the Retry made again and refused again, over and over without a word
        while the library could not be read."""
        try:
            return await asyncio.to_thread(self.bridge.session.ledger.kept_for, job_id)
        finally:
            self._reading_kept.discard(job_id)

    def _kept_already(self, kept: Sequence[Snapshot]) -> str:
        """What the question of a send that pays again says of the artworks kept for tasks
        of the job's earlier sends, by title, as a paragraph of its own; empty when there
        is none. Those that completed have their image; those still running are making it,
        which the artist may rather wait for than pay again (before, they were not named);
        one whose task failed has none, and the send is the artist's only way to it."""
        done = [k for k in kept if k.state is JobState.COMPLETED]
        making = [k for k in kept if k.state.is_active]
        text = ""
        if done:
            words = (
                self.tr("An earlier send's image is already in your library as {titles}.")
                if len(done) == 1
                else self.tr(
                    "{count} earlier sends' images are already in your library as {titles}."
                )
            )
            text += "\n\n" + words.format(titles=self._titles(done), count=grouped(len(done)))
        if making:
            words = (
                self.tr(
                    "An earlier send is still making an image for this job, as {titles}: you "
                    "may wait for it instead."
                )
                if len(making) == 1
                else self.tr(
                    "{count} earlier sends are still making images for this job, as {titles}: "
                    "you may wait for them instead."
                )
            )
            text += "\n\n" + words.format(titles=self._titles(making), count=grouped(len(making)))
        return text

    def _titles(self, artworks: Sequence[Snapshot]) -> str:
        """The titles of ``artworks``, quoted, in one line."""
        return quoted_names([sentence_title(k) for k in artworks])

    def _carry_on(
        self, snapshot: Snapshot, carry_on: Awaitable[Snapshot], gone: str, *, said: str = ""
    ) -> None:
        """Run ``carry_on``, the engine's Retry or Resubmit of ``snapshot`` (:meth:`carried_on`),
        the status bar saying ``said``, if any, once it has carried it on. One that first
        waits for the answer to a send of it cancelled while it was out is said
        (:meth:`_say_answer_awaited`), and known until it ends (:meth:`_awaited_already`)."""
        work = self.carried_on(carry_on, snapshot, gone)
        if said:
            work = self._saying(work, said)
        if self._say_answer_awaited(snapshot):
            self.bridge.awaiting_answer.add(snapshot.id)
            work = _marked_while(self.bridge.awaiting_answer, {snapshot.id}, work)
        self.bridge.spawn(work)

    async def _saying(self, work: Awaitable[None], said: str) -> None:
        await work
        self.notice.emit(said)

    def _awaited_already(self, snapshot: Snapshot) -> bool:
        """Whether a Retry or Resubmit of ``snapshot`` pressed before still waits for the
        answer to its cancelled send, or a Resubmit of several answered before is still to
        send it (``Bridge.resubmitting``): this press is not another one, the status bar
        says so again. Before, Resubmit asked again whether to risk paying twice, and once
        the answer came the second press said the job was "running already", perhaps by
        another window or a command: the artist's own first press."""
        if snapshot.id in self.bridge.awaiting_answer:
            self._say_answer_awaited(snapshot)
            return True
        if snapshot.id in self.bridge.resubmitting:
            self.notice.emit(self._resubmitting_words(snapshot))
            return True
        return False

    def _pressed_before(self, job_id: int) -> bool:
        """Whether a Retry or Resubmit pressed before is to carry ``job_id`` on
        (:meth:`_awaited_already`)."""
        return job_id in self.bridge.awaiting_answer or job_id in self.bridge.resubmitting

    def _resubmitting_words(self, snapshot: Snapshot) -> str:
        """What is said of ``snapshot`` while a Resubmit of several answered before is still
        to send it (``Bridge.resubmitting``)."""
        words = self.tr(
            "“{title}” is being resubmitted already: the Resubmit pressed before sends it."
        )
        return words.format(title=sentence_title(snapshot))

    def _say_answer_awaited(self, snapshot: Snapshot) -> bool:
        """Say in the status bar when a Retry or Resubmit of ``snapshot`` first waits for
        the answer to a send of it cancelled while it was out (:meth:`JobEngine.answer_awaited`):
        before, the window said nothing until the request's timeout, and a press seemed lost.
        Whether it waits so."""
        if not self.bridge.session.engine.answer_awaited(snapshot.id):
            return False
        self.notice.emit(self._answer_awaited_words(snapshot))
        return True

    def _answer_awaited_words(self, snapshot: Snapshot) -> str:
        """What is said of a Retry or Resubmit of ``snapshot`` that first waits for the
        answer to a send of it cancelled while it was out."""
        if snapshot.simulated:
            words = self.tr(
                "“{title}”: waiting for the demo server's answer to its cancelled send first; "
                "then it is carried on."
            )
        else:
            words = self.tr(
                "“{title}”: waiting for KIE's answer to its cancelled send first; then it is "
                "carried on."
            )
        return words.format(title=sentence_title(snapshot))

    def _resending(self, snapshot: Snapshot) -> str:
        """What the Enter task ID box of ``snapshot`` says when its Use this task is pressed
        while a Retry or Resubmit pressed before waits for the answer to the job's cancelled
        send (``Bridge.awaiting_answer``), to carry it on then, or while a Resubmit of
        several is still to send it (``Bridge.resubmitting``): it checks nothing. Empty
        when none waits."""
        if snapshot.id in self.bridge.awaiting_answer:
            return self._answer_awaited_words(snapshot)
        if snapshot.id in self.bridge.resubmitting:
            return self._resubmitting_words(snapshot)
        return ""

    def _retry_several(self) -> None:
        """Retry each of the selected jobs Retry of it alone carries on without a question
        (:meth:`_to_retry`), each through the engine's own retry, so none is charged twice.
        Those whose retry needs the artist's word about it alone are left as they are, and
        the status bar says how many and why; running and finished ones are not counted."""
        several = list(self.several)  # as pressed: the selection may change meanwhile
        self.bridge.spawn(self._retry_jobs(self._to_retry(), several))

    def say_why_not_retried(self) -> None:
        """Retry's key pressed while Retry is greyed for what is selected: the status bar
        says why, in the words Retry of several has for the jobs it leaves
        (:meth:`_left_words`), pointing to Resubmit for those whose outcome is unknown.
        Before, Ctrl+R on eight jobs cut off by a crash did nothing and said nothing."""
        self.bring_up_to_date()
        snapshot = self.snapshot
        if snapshot is None or "retry" in self._applicable():
            return
        why = self._held_why()
        if why and "retry" in self._offered():  # held: a job of the other mode, a stopped server
            self.notice.emit(join_sentences(*why.splitlines()))
            return
        chosen = self.several or (snapshot,)
        left = self._left_words(chosen, 0)  # none kept: those are among those Retry retries
        if not left:
            self.notice.emit(
                self.tr(
                    "Nothing to retry: Retry is for jobs that failed, timed out or were cancelled."
                )
            )
            return
        demo = self.bridge.session.demo
        unknown = sum(1 for s in chosen if needs_resubmit(s) and s.simulated is demo)
        # Where Resubmit is: it has no key, and the full view, where Ctrl+R is said so too,
        # has no button of it.
        if unknown == 1:
            resubmit = self.tr(
                "Resubmit, in the menu ({keys}), sends the one whose outcome is unknown again, "
                "asking first."
            )
        elif unknown:
            resubmit = self.tr(
                "Resubmit, in the menu ({keys}), sends those whose outcome is unknown again, "
                "asking first."
            )
        else:
            resubmit = ""
        resubmit = resubmit.format(keys=shortcuts.keys_text("actions_menu"))
        self.notice.emit(join_sentences(self.tr("Nothing to retry."), left, resubmit))

    def view_full_greyed(self) -> None:
        """View full screen's key (Return) pressed while the action is greyed. With several
        selected, the full view opens on the one the preview shows, as with it alone: the
        selection stays, and the full view's arrows go through the library from there, as
        from one. On a job with no image, the status bar says why. Before, Return did
        nothing and said nothing in both."""
        self.bring_up_to_date()
        snapshot = self.snapshot
        if snapshot is None:
            return
        if has_image(snapshot):
            self.full_view_requested.emit(snapshot)
        elif snapshot.state.is_active:
            self.notice.emit(self.tr("Nothing to view full screen yet: the job is still running."))
        else:
            self.notice.emit(self.tr("Nothing to view full screen: this job has no image."))

    def say_why_not_cancelled(self) -> None:
        """Cancel's key (Esc) pressed on one job while Cancel is greyed: the status bar says
        what Cancel is for, as Ctrl+R does for Retry (:meth:`say_why_not_retried`)."""
        self.bring_up_to_date()
        if self.snapshot is not None and "cancel" not in self._applicable():
            self.notice.emit(self.tr("Nothing to cancel: Cancel (Esc) is for jobs still running."))

    def say_why_greyed(self, key: str) -> None:
        """The key of the action ``key`` pressed while the action is greyed, in the library
        or on the artwork the full view shows: the status bar (and the full view's notice)
        says why, in the one set of words both use. No artwork selected, it says so, as the
        greyed action's tooltip does (F2, Delete, Ctrl+C and the rest did nothing and said
        nothing); Retry, as its key in the grid says it (:meth:`say_why_not_retried`).
        Before, Ctrl+P on an artwork published already, or Ctrl+C and Ctrl+S on a job still
        running or an image file gone, did nothing and said nothing."""
        self.bring_up_to_date()
        if self.none_selected():
            self.notice.emit(self._none_selected_words())
        elif key == "retry":
            self.say_why_not_retried()
        elif key not in self._applicable() and (words := self._greyed_words(key)):
            self.notice.emit(words)

    def _greyed_words(self, key: str) -> str:
        """Why the action ``key``, one with a key that reads the artwork's image or prompt,
        is greyed for the one artwork selected (for several: :meth:`_greyed_for_several`);
        empty for the others, and for Publish while it is off (hidden: its key does nothing
        then)."""
        snapshot = self.snapshot
        if snapshot is None or not self.actions[key].isVisible():
            return ""
        if self.several:
            return self._greyed_for_several(key)
        nothing = {
            "copy_image": self.tr("Nothing to copy."),
            "copy_prompt": self.tr("Nothing to copy."),
            "save_as": self.tr("Nothing to save."),
            "publish": self.tr("Nothing to publish."),
        }.get(key)
        if nothing is None:
            return ""
        if key == "copy_prompt":
            why = self.tr("This artwork has no prompt.")
        elif snapshot.state.is_active:
            why = self.tr("The job is still running: its image is not there yet.")
        elif not has_image(snapshot):
            why = self.tr("This job has no image.")
        elif key == "publish" and snapshot.published_key:
            why = self.tr("This artwork is published already.")
        elif self.file_missing:
            why = explain_kind("image_missing").message
        else:
            return ""
        return join_sentences(nothing, why)

    def _greyed_for_several(self, key: str) -> str:
        """Why the action ``key`` is greyed with several selected: Publish and Save as, as
        none of them has what they need (:func:`applicable_to_several`); the others (Rename,
        Copy image, Copy prompt), as they are about one artwork."""
        count = grouped(len(self.several))
        # Gone through only when some selected tile says "Image unreadable" or "Image
        # missing" (thousands).
        if (
            key in ("publish", "save_as")
            and (self.unreadable or self.missing)
            and (damaged := self._damaged_reason(key))
        ):
            return damaged
        if key == "publish" and self._some_being_published():
            words = self.tr(
                "Nothing to publish: the {count} artworks selected are being published, "
                "published already, or have no image."
            )
        elif key == "publish":
            words = self.tr(
                "Nothing to publish: the {count} artworks selected are published already, or "
                "have no image."
            )
        elif key == "save_as":
            words = self.tr(
                "Nothing to save: none of the {count} artworks selected has its image file."
            )
        else:
            return self.tr(
                "{action} is for one artwork at a time, and {count} are selected: click one to "
                "select it alone."
            ).format(action=button_words(self._labels[key]), count=count)
        return words.format(count=count)

    def _some_being_published(self) -> bool:
        """Whether some of the several selected are being published (Publish leaves them
        out): before, Publish greyed once they all were said they were "published already"."""
        busy = self.being_published()
        return any(s.id in busy for s in self.several)

    def _damaged_reason(self, key: str) -> str:
        """Why Publish or Save as (``key``) is greyed with several selected when some of
        them would have been published or saved but for their image files found damaged
        (their tiles say "Image unreadable"): those left out, by title, those gone too, and
        what puts them right; empty when none is damaged (the reason is another). Publish
        says those gone when none is damaged too, as its banner does when it leaves them
        out beside others: before, "published already, or have no image"."""
        if key == "publish":
            gone = [s for s in self.several if publishable(s) and s.id in self.missing]
            waiting = [s for s in self.several if publishable(s) and s.id not in self.missing]
            damaged = [s for s in waiting if s.id in self.unreadable]
            if not (gone or damaged):
                return ""
            return join_sentences(
                self.tr("Nothing to publish."), *self._left_out_of_publish(gone, damaged)
            )
        gone, damaged = self._left_out_of_save()
        if not damaged:
            return ""
        return join_sentences(
            self.tr("Nothing to save."), self._missing_words(gone), self._damaged_words(damaged)
        )

    def _left_out_of_save(self) -> tuple[list[Snapshot], list[Snapshot]]:
        """Those of the several selected with an image that a Save of several leaves out:
        their files found gone, and those found damaged (not gone)."""
        gone = [s for s in self.several if has_image(s) and s.id in self.missing]
        damaged = [
            s
            for s in self.several
            if has_image(s) and s.id in self.unreadable and s.id not in self.missing
        ]
        return gone, damaged

    def _left_words(self, several: Sequence[Snapshot], kept: int) -> str:
        """Why Retry of ``several`` leaves some selected stopped jobs as they are, in a few
        words ("Left as they are: 2 for Resubmit, 1 to send anew, charged."), ``kept`` of
        them for an image an earlier send made (:meth:`_with_kept_image`); empty when it
        leaves none."""
        demo = self.bridge.session.demo
        stopped = [s for s in several if s.state in RETRYABLE or needs_resubmit(s)]
        counts = (
            (sum(1 for s in stopped if s.simulated is not demo), self._other_mode_words()),
            (
                sum(1 for s in stopped if s.simulated is demo and needs_resubmit(s)),
                self.tr("{count} for Resubmit"),
            ),
            (
                sum(1 for s in stopped if s.simulated is demo and retry_sends_anew(s)),
                self.tr("{count} to send anew, charged"),
            ),
            (kept, self.tr("{count} with an earlier send's image kept")),
            (
                sum(1 for s in stopped if s.simulated is demo and _policy_refused(s)),
                self.tr("{count} refused under the content policy"),
            ),
            (
                sum(1 for s in stopped if s.simulated is demo and _request_refused(s)),
                self.tr("{count} whose request was not accepted"),
            ),
            (
                sum(1 for s in stopped if s.simulated is demo and result_gone(s)),
                self.tr("{count} whose image is gone"),
            ),
        )
        return self._left_as_they_are(counts)

    def _other_mode_words(self) -> str:
        """How Retry and Resubmit of several count the selected jobs they leave because
        they were made in the other mode, which alone carries them on."""
        if self.bridge.session.demo:
            return self.tr("{count} made in live mode")
        return self.tr("{count} made in demo mode")

    def _left_as_they_are(self, counts: Sequence[tuple[int, str]]) -> str:
        """ "Left as they are: …." with each reason of ``counts`` (a count, its words) that
        counts any; empty when none does."""
        reasons = [words.format(count=grouped(count)) for count, words in counts if count]
        if not reasons:
            return ""
        return self.tr("Left as they are: {reasons}.").format(reasons=self.tr(", ").join(reasons))

    def _left_by_resubmit(self, several: Sequence[Snapshot], checked: int) -> str:
        """Why Resubmit of several leaves some selected jobs of unknown outcome as they are,
        in Retry of several's words (:meth:`_left_words`): those made in the other mode,
        and the ``checked`` whose task ID is being checked (:meth:`_task_checked`). Before,
        it left them out without a word: "Resubmitting 2 jobs." of three selected."""
        demo = self.bridge.session.demo
        other = sum(1 for s in several if needs_resubmit(s) and s.simulated is not demo)
        return self._left_as_they_are(
            (
                (other, self._other_mode_words()),
                (checked, self.tr("{count} whose task ID is being checked")),
            )
        )

    async def _retry_jobs(self, to_retry: Sequence[Snapshot], several: Sequence[Snapshot]) -> None:
        """Retry each of ``to_retry`` in turn with the engine's :meth:`~JobEngine.retry`
        (never ``anew``), but one whose retry Retry of it alone asks about, an earlier send
        having made its image (:meth:`_with_kept_image`); those that changed meanwhile
        (retried, by another process too) are counted in the status bar's one word, those
        another program deleted dropped and said so (:meth:`_found_gone_among`), with why
        the others of ``several`` are left. One whose retry failed (the library busy a
        moment) does not stop the others: the first failure is said once they are all
        tried."""
        engine = self.bridge.session.engine
        retried = changed = 0
        gone: list[int] = []
        failed: KontextError | None = None
        await engine.late_sends_ended([s.id for s in to_retry])  # each retry waits for its own
        kept = await self._with_kept_image(to_retry)  # a late answer may have kept one
        with self.bridge.together():  # under Failed, their tiles leave in runs, not one by one
            for job_id in (s.id for s in to_retry if s.id not in kept):
                try:
                    await engine.retry(job_id)
                except KeptImageError:  # kept by another program since it was read
                    kept.add(job_id)
                except JobGoneError:
                    gone.append(job_id)
                except (InputError, JobChanged):
                    changed += 1
                except KontextError as error:
                    failed = failed or error
                else:
                    retried += 1
        elsewhere = self._found_gone_among(to_retry, gone, jobs=True)
        left = self._left_words(several, len(kept))
        self.notice.emit(join_sentences(self._carried_on_words(retried, changed), elsewhere, left))
        if failed is not None:
            raise failed

    async def _with_kept_image(
        self, snapshots: Sequence[Snapshot], *, sent_again: bool = False
    ) -> set[int]:
        """The ids of those of ``snapshots`` a retry sends again (:func:`retry_sends`; with
        ``sent_again``, every one: a resubmit sends each) that an earlier send made an
        image for, or is making one for, kept as an artwork of its own: Retry of one asks
        before it pays again (:meth:`_ask_to_send_again`), so Retry of several leaves them
        as they are; Resubmit of several counts them in its question. Before, Retry sent
        them again without a question. Read off the GUI thread."""
        sent = [s.id for s in snapshots if sent_again or retry_sends(s)]
        if not sent:
            return set()
        ledger = self.bridge.session.ledger

        def read() -> set[int]:
            return {i for i in sent if any(kept_image_there(k) for k in ledger.kept_for(i))}

        return await asyncio.to_thread(read)

    def _carried_on_words(self, done: int, changed: int, *, resubmitted: bool = False) -> str:
        """How many Retry (or Resubmit) of several carried on, and how many had changed
        meanwhile."""
        if resubmitted:
            one, many = self.tr("Resubmitting 1 job."), self.tr("Resubmitting {count} jobs.")
            one_changed = self.tr("One had changed meanwhile and was not resubmitted.")
            changed_words = self.tr("{count} had changed meanwhile and were not resubmitted.")
        else:
            one, many = self.tr("Retrying 1 job."), self.tr("Retrying {count} jobs.")
            one_changed = self.tr("One had changed meanwhile and was not retried.")
            changed_words = self.tr("{count} had changed meanwhile and were not retried.")
        if done == 1:
            words = one
        elif done:
            words = many.format(count=grouped(done))
        else:
            words = ""  # each had changed meanwhile: "Retrying 0 jobs." said nothing of use
        if changed == 1:
            return join_sentences(words, one_changed)
        if changed:
            return join_sentences(words, changed_words.format(count=grouped(changed)))
        return words

    def _sends_anew_question(self, snapshot: Snapshot) -> str:
        """What Retry asks before it sends a job anew: a demo job uses no real credits, only
        the demo balance (the simulator's) goes down."""
        if snapshot.simulated:
            return self.tr(
                "The demo server has no record of “{0}”: its image cannot be fetched, nor its "
                "task checked again.\n\n"
                "Retrying sends it to the demo server again as a new job. A demo job uses no "
                "real credits: only the demo balance goes down."
            )
        return self.tr(
            "KIE has no record of “{0}”: its image cannot be fetched, nor its task checked "
            "again.\n\nRetrying sends it to KIE again as a new job, and it is charged again."
        )

    def _resubmit(self) -> None:
        snapshot = self._current("resubmit")
        if snapshot is None:
            return
        if self.several:
            self._resubmit_several()
            return
        if self._awaited_already(snapshot) or self._checked_already(snapshot):
            return
        self._ask_after_kept_read(snapshot, self._ask_to_resubmit)

    def _resubmit_several(self) -> None:
        """One question for every selected job whose outcome is unknown
        (:attr:`_resubmitted`), counting them and what each may cost, asked once the
        artworks kept for their earlier sends are read (it names how many have an image
        already); then each is resubmitted as Resubmit of it alone does. Before, eight jobs
        cut off by a crash took eight questions, Resubmit greyed with them all selected.
        Only one of them: the question of Resubmit of it alone, naming it. Before, it asked
        "1 jobs were sent, and it is not known whether KIE created them"."""
        # As pressed (the selection may change meanwhile); not one whose Resubmit pressed
        # before is still to carry on (:meth:`_awaited_already`), nor one whose task ID is
        # being checked (:meth:`_checked_already`).
        checked = {s.id for s in self._resubmitted if self._task_checked(s.id)}
        chosen = [
            s for s in self._resubmitted if not self._pressed_before(s.id) and s.id not in checked
        ]
        if not chosen:
            first = self._resubmitted[0]
            if not self._checked_already(first):
                self._awaited_already(first)
            return
        if len(chosen) == 1:
            left = self._left_by_resubmit(self.several, len(checked))
            self._ask_after_kept_read(chosen[0], partial(self._ask_to_resubmit, left=left))
            return
        read = self._kept_image_read(chosen)
        ask = partial(self._ask_to_resubmit_several, chosen, list(self.several), checked)
        self._ask_after_read_of(_SEVERAL, read, ask)

    async def _kept_image_read(self, chosen: Sequence[Snapshot]) -> set[int]:
        """:meth:`_with_kept_image` of ``chosen``, each sent again; none when the library
        could not be read (the question is asked without them, as Resubmit of one's is)."""
        try:
            return await self._with_kept_image(chosen, sent_again=True)
        except StorageError:
            log.warning("kept artworks not read", extra={"event": "kept_unread"})
            return set()

    def _ask_after_read_of(
        self, key: int, read: Coroutine[Any, Any, set[int]], ask: Callable[[set[int]], None]
    ) -> None:
        """:meth:`_ask_after_read` for a question about several jobs, ``key`` standing for
        them: a press while they are read is this one, not a second question."""
        if key in self._reading_kept:
            read.close()
            return
        self._reading_kept.add(key)

        async def reading() -> set[int]:
            try:
                return await read
            finally:
                self._reading_kept.discard(key)

        if self.bridge.spawn(reading(), on_done=ask) is None:
            self._reading_kept.discard(key)  # the window is closing

    def _ask_to_resubmit_several(
        self,
        chosen: Sequence[Snapshot],
        several: Sequence[Snapshot],
        checked: set[int],
        kept: set[int],
    ) -> None:
        """Resubmit ``chosen`` once the artist says so (:meth:`_resubmit_jobs`), the others
        of ``several`` left as they are, ``checked`` for their task ID being checked. Those
        that wait for the answer to a cancelled send are known to (``Bridge.awaiting_answer``)
        until it ends: the Enter task ID box of one checks nothing meanwhile, and Enter task
        ID pressed opens none. Before, the box checked while the Resubmit waited, and the
        Resubmit then sent the job again all the same, charged."""
        count = grouped(len(chosen))
        if self.bridge.session.demo:  # the demo server on this computer: nothing is charged
            text = self.tr(
                "{count} jobs were sent to the demo server, which may have made them "
                "already.\n\nA demo job uses no real credits: resubmitting sends each of "
                "them again, and at worst makes its image twice."
            )
        else:
            text = self.tr(
                "{count} jobs were sent, and it is not known whether KIE created them: each "
                "may already have been created and charged for.\n\nLook for them in the logs "
                "of your account on kie.ai first: give one whose task is there its task ID "
                "(Enter task ID…), which brings its image without paying again. Resubmitting "
                "sends each of them again, and may charge you twice for each."
            )
        text = text.format(count=count)
        if len(kept) == 1:
            text += "\n\n" + self.tr(
                "An earlier send of one of them made its image, or is making it, kept in "
                "your library."
            )
        elif kept:
            text += "\n\n" + self.tr(
                "Earlier sends of {count} of them made their images, or are making them, "
                "kept in your library."
            ).format(count=grouped(len(kept)))
        if not self.host.confirm(self.tr("Resubmit jobs"), text, self.tr("&Resubmit")):
            return
        engine = self.bridge.session.engine
        marked = {
            s.id for s in chosen if not self._pressed_before(s.id) and not self._task_checked(s.id)
        }
        awaited = {job_id for job_id in marked if engine.answer_awaited(job_id)}
        self.bridge.awaiting_answer.update(awaited)
        self.bridge.resubmitting.update(marked)
        self._say_answers_awaited([s for s in chosen if s.id in awaited])
        work = self._resubmit_jobs(chosen, several, set(checked))
        waiting = _marked_while(self.bridge.awaiting_answer, awaited, work)
        self.bridge.spawn(_marked_while(self.bridge.resubmitting, marked, waiting))

    def _say_answers_awaited(self, awaited: Sequence[Snapshot]) -> None:
        """Say in the status bar when Resubmit of several first waits for the answers to
        sends of ``awaited`` cancelled while they were out, as Resubmit of one does
        (:meth:`_say_answer_awaited`): before, it said nothing until KIE's timeout, and a
        press seemed lost."""
        if len(awaited) == 1:
            self.notice.emit(self._answer_awaited_words(awaited[0]))
        elif awaited:
            if self.bridge.session.demo:
                words = self.tr(
                    "Waiting for the demo server's answers to the cancelled sends of {count} "
                    "jobs first; then they are resubmitted."
                )
            else:
                words = self.tr(
                    "Waiting for KIE's answers to the cancelled sends of {count} jobs first; "
                    "then they are resubmitted."
                )
            self.notice.emit(words.format(count=grouped(len(awaited))))

    async def _resubmit_jobs(
        self, chosen: Sequence[Snapshot], several: Sequence[Snapshot], checked: set[int]
    ) -> None:
        """Resubmit each of ``chosen`` in turn with the engine's
        :meth:`~JobEngine.resubmit`, as Resubmit of one does; one resubmitted, retried or
        deleted meanwhile (by another window or a command) is passed over, never sent
        twice, and counted in the status bar's word (one deleted dropped and said so:
        :meth:`_found_gone_among`), followed by why the others of ``several`` are left as
        they are (:meth:`_left_by_resubmit`). One whose task ID is being checked as its
        turn comes is left too, among ``checked``: its check began before the question was
        answered. One whose resubmit failed (the library busy a moment) does not stop
        the others: the first failure is said once they are all tried. One whose send
        cancelled while it was out showed the task KIE made follows it, sent nowhere
        again, and is counted apart: before, it was left cancelled, said to have changed
        meanwhile."""
        engine = self.bridge.session.engine
        job_ids = [s.id for s in chosen]
        resubmitted = changed = followed = 0
        gone: list[int] = []
        failed: KontextError | None = None
        late = {job_id for job_id in job_ids if engine.answer_awaited(job_id)}
        await engine.late_sends_ended(job_ids)  # together, not each in turn
        with self.bridge.together():
            for snapshot in chosen:
                job_id = snapshot.id
                if self._task_checked(job_id):  # its check began after the press
                    checked.add(job_id)
                    continue
                try:
                    # Refused if sent again since the artist answered.
                    moved = await engine.resubmit(
                        job_id, late_answered=job_id in late, sends=snapshot.submit_count
                    )
                except JobGoneError:
                    gone.append(job_id)
                except (InputError, JobChanged):
                    changed += 1
                except KontextError as error:
                    failed = failed or error
                else:
                    if moved.state is JobState.QUEUED:
                        resubmitted += 1
                    else:
                        followed += 1
        words = self._carried_on_words(resubmitted, changed, resubmitted=True)
        if followed == 1:
            words = join_sentences(
                words, self.tr("1 follows the task KIE made for its earlier send: not sent again.")
            )
        elif followed:
            words = join_sentences(
                words,
                self.tr(
                    "{count} follow the tasks KIE made for their earlier sends: not sent again."
                ).format(count=grouped(followed)),
            )
        words = join_sentences(words, self._found_gone_among(chosen, gone, jobs=True))
        left = self._left_by_resubmit(several, len(checked))
        if words or (left and failed is None):  # none when every one failed: it is said
            self.notice.emit(join_sentences(words, left))
        if failed is not None:
            raise failed

    def _ask_to_resubmit(
        self, snapshot: Snapshot, kept: Sequence[Snapshot], *, left: str | None = None
    ) -> None:
        """Resubmit ``snapshot`` once the artist says so. Of one among several
        (:meth:`_resubmit_several`), the status bar says so once it is resubmitted, followed
        by ``left``, why the others are left as they are; ``left`` alone when it first waits
        for the answer to a send of it cancelled while it was out, which may show the task
        KIE made, followed then, not sent again. Before, "Resubmitting 1 job." was said of
        it too. Not while its task ID is being checked, asked before the question and again
        once it is answered (:meth:`_checked_already`): a check begun after the press, as
        the artworks kept were read, ran on meanwhile, and the job was sent again, charged,
        though the task entered may well have been the one KIE made."""
        if self._checked_already(snapshot):
            return
        if snapshot.simulated:  # the demo server on this computer: nothing is charged
            text = self.tr(
                "“{0}” was sent to the demo server, which may have made it already.\n\nA demo "
                "job uses no real credits: resubmitting sends it again, and at worst makes the "
                "image twice."
            )
        else:
            # No answer, or one that did not say (unreadable, no task id, a server error).
            text = self.tr(
                "“{0}” was sent, and it is not known whether KIE created it: it may already "
                "have been created and charged for.\n\nLook for it in the logs of your account "
                "on kie.ai first: if it is there, use Enter task ID… instead, which brings its "
                "image without paying again. Resubmitting sends it again and may charge you "
                "twice."
            )
        text = text.format(whole_name(snapshot)) + self._kept_already(kept)
        confirmed = self.host.confirm(self.tr("Resubmit job"), text, self.tr("&Resubmit"))
        if not confirmed or self._checked_already(snapshot):
            return
        engine = self.bridge.session.engine
        said = left or ""
        if left is not None and not engine.answer_awaited(snapshot.id):
            said = join_sentences(self._carried_on_words(1, 0, resubmitted=True), left)
        resubmitted = engine.resubmit(snapshot.id, sends=snapshot.submit_count)
        self._carry_on(snapshot, resubmitted, RESUBMITTED_GONE, said=said)

    def _enter_task_id(self) -> None:
        """Ask for the task id the artist found for the job (:class:`TaskIdDialog`), which
        checks it while it shows; once the job follows the task, the status bar says so.
        The box is not modal: pressed again for the job, in either panel, the box shown for
        it comes up, never a second one. It goes with the job deleted here, and with the
        window; it says so of a job another program deleted (the host's ``deletes_from``)."""
        snapshot = self._current("enter_task_id")
        if snapshot is None or self._awaited_already(snapshot):
            return
        if self._box_brought_up(snapshot.id):
            return
        dialog = self.host.ask_task_id(
            snapshot,
            self._give_task,
            partial(self._earlier_send, snapshot.id),
            self._resending,
            self.bridge.spawn,
        )
        self.bridge.task_boxes[snapshot.id] = dialog
        dialog.finished.connect(partial(self._box_closed, snapshot.id))
        self.bridge.job_changed.connect(dialog.changed)
        self.bridge.window_closed.connect(dialog.window_closing)

    def _box_closed(self, job_id: int, _result: int) -> None:
        """The box of ``job_id`` closed: one whose called-off check is ending gives nothing,
        and does not count (``Bridge.task_boxes``)."""
        self.bridge.task_boxes.pop(job_id, None)

    def _checked_already(self, snapshot: Snapshot) -> bool:
        """Whether the Enter task ID box of ``snapshot`` checks a task ID now: a Retry or
        Resubmit pressed meanwhile, in either panel, sends nothing; the box comes up, and
        the status bar says why. Before, the window being the artist's while KIE was asked
        (up to 40 s), a Resubmit sent the job again, charged a second time, though the task
        entered may well be the one KIE made for it; the box then refused the task, the job
        "completed meanwhile"."""
        if not self._task_checked(snapshot.id):
            return False
        self._box_brought_up(snapshot.id)
        words = self.tr(
            "The task ID entered for “{title}” is being checked: the job is left as it is "
            "until then."
        )
        self.notice.emit(words.format(title=sentence_title(snapshot)))
        return True

    def _box_brought_up(self, job_id: int) -> bool:
        """Bring the Enter task ID box shown for ``job_id`` up, if one is."""
        box = self.bridge.task_boxes.get(job_id)
        if box is None:
            return False
        box.raise_()
        box.activateWindow()
        return True

    def _task_checked(self, job_id: int) -> bool:
        """Whether the Enter task ID box of ``job_id`` checks a task ID now."""
        box = self.bridge.task_boxes.get(job_id)
        return box is not None and box.checking

    def _earlier_send(self, job_id: int) -> Wait | None:
        """The wait for the answer to a send of ``job_id`` its Cancel left out, when one is
        still out (:meth:`JobEngine.answer_awaited`): the engine's check of a task id waits
        for it first (:meth:`JobEngine.attach_task`), and the box says so."""
        engine = self.bridge.session.engine
        if not engine.answer_awaited(job_id):
            return None
        return partial(engine.late_sends_ended, [job_id])

    async def _give_task(self, box: TaskIdDialog, task_id: str, call_off: CallOff) -> None:
        """The engine's :meth:`~JobEngine.attach_task` of the job of ``box``, refusals worded
        by its title (:meth:`carried_on`); ``call_off``: the box's Cancel of it. The box stays
        shown until its check has ended (its Cancel ends it, or is too late and says so):
        no second box can be opened for the job meanwhile (``Bridge.task_boxes``). The job
        is named as the box has it (renamed while it was open, by its new title: the status
        bar named it by the one it had as the box opened). The job is read first: the answer
        to its cancelled send, which the box waited for, may have been the very task entered
        (:meth:`_task_held_words`), and the box closes then, nothing more asked."""
        job = box.snapshot
        held = await asyncio.to_thread(self.bridge.session.ledger.get, job.id)
        if held is not None and held.task_id == task_id and retry_follows_cancelled(held):
            self.notice.emit(self._task_held_words(held))
            return
        given = self.bridge.session.engine.attach_task(job.id, task_id, call_off=call_off)
        await self.carried_on(given, job, TASK_GIVEN_GONE, _TASK_TITLED)
        if job.simulated:
            words = self.tr("“{title}” follows the task you entered.")
        else:
            words = self.tr("“{title}” follows the task you entered; nothing is paid again.")
        self.notice.emit(words.format(title=sentence_title(box.snapshot)))

    def _task_held_words(self, held: Snapshot) -> str:
        """What the status bar says of ``held``, which the answer to its cancelled send
        gave the task entered while its box waited for that answer: it keeps the task,
        cancelled, and Retry fetches its image without paying again. Before, the box said
        in red "Only a job whose outcome is unknown can be given a task ID", and KIE was
        never asked."""
        if held.simulated:
            words = self.tr(
                "The demo server's answer to the cancelled send of “{title}” was the task "
                "you entered: the job keeps it."
            )
        else:
            words = self.tr(
                "KIE's answer to the cancelled send of “{title}” was the task you entered: "
                "the job keeps it."
            )
        return join_sentences(words.format(title=sentence_title(held)), cancelled_retry_words(held))

    def _use_as_reference(self) -> None:
        if snapshot := self._current("use_as_reference"):
            # Named by its title ("a red fox at dawn.png"), not its file in the library; the
            # settings a generated one was made with are the job's own, no need to read them.
            made = job_provenance(snapshot) if snapshot.source == GENERATED else None
            self.use_as_reference.emit(
                snapshot.file_path, reference_name(snapshot), made, snapshot.id
            )

    def _reuse_settings(self) -> None:
        if snapshot := self._current("reuse_settings"):
            self.reuse_settings.emit(snapshot)

    def _copy_prompt(self) -> None:
        if snapshot := self._current("copy_prompt"):
            QGuiApplication.clipboard().setText(snapshot.prompt)
            self.notice.emit(self.tr("Prompt copied."))

    def _copy_image(self) -> None:
        """Said once the image is on the clipboard: a large one takes seconds to decode, and
        a paste before then pastes what the clipboard held."""
        snapshot = self._current("copy_image")
        if snapshot is None:
            return
        artwork = CopiedArtwork(snapshot.file_path, reference_name(snapshot), snapshot.id)
        self.bridge.spawn(
            self._image_to_copy(snapshot),
            on_done=lambda image: self._image_copied(image, artwork),
        )

    async def _image_to_copy(self, snapshot: Snapshot) -> QImage | None:
        """``snapshot``'s image, decoded; None when its file does not open (damaged), said
        by the artwork's title, with what puts it right. Before, in a reference image's
        words: "Choose another image", of a file named as the library shows it nowhere."""
        try:
            return await load_image(Path(snapshot.file_path))
        except (DamagedImageError, NotAnImageError) as error:
            message = self.tr(
                "“{title}” was not copied: its image file does not open. It is damaged, or "
                "not an image."
            ).format(title=sentence_title(snapshot))
            hint = (
                self.tr(
                    "Put a copy from a backup in its place, under the same name, or download it "
                    "again where the preview offers it."
                )
                if refetchable(snapshot)
                else translate("Errors", PUT_BACK_A_COPY)  # imported: never on KIE
            )
            self.bridge.report(error, words=Explanation(message, hint))
            return None

    def _image_copied(self, image: QImage | None, artwork: CopiedArtwork) -> None:
        if image is None:
            return
        copy_image(self.bridge, image, artwork)
        self.notice.emit(self.tr("Image copied."))

    def _save_as(self) -> None:
        snapshot = self._current("save_as")
        if snapshot is None:
            return
        if self.several:
            self._save_several()
            return
        target = self.host.ask_save_path(suggested_file_name(snapshot))
        if target:
            self.bridge.spawn(self._save_copy(snapshot, Path(target)))

    async def _save_copy(self, snapshot: Snapshot, copy: Path) -> None:
        """Save as of one: a copy of ``snapshot``'s image as ``copy``, said once it is
        there; a refusal of the place chosen said as the Save's (:meth:`_not_saved_words`)."""
        try:
            await asyncio.to_thread(
                export_copy,
                Path(snapshot.file_path),
                copy,
                snapshot.sha256,
                downloadable=refetchable(snapshot),
            )
        except StorageError as error:
            self.bridge.report(error, words=self._not_saved_words(error, several=False))
            return
        StandardDialogs.went_to(str(copy.parent))
        self.notice.emit(
            self.tr("Saved {name} in {folder}.").format(name=copy.name, folder=str(copy.parent))
        )

    def _save_several(self) -> None:
        """Save a copy of each of the several selected with an image into one folder the
        artist chooses, each named as Save as names one (:func:`suggested_file_name`), numbered
        where the name is taken: one command, as a photo library's Export is, where Save as
        had been greyed, and a series was saved one image at a time. Those whose file was
        found gone or damaged (their tiles say so) are left out, and said at the end: before,
        "Save 2 images" counted one whose tile said "Image unreadable". With none left to
        save, Save as is greyed (:func:`applicable_to_several`), and says why
        (:meth:`_damaged_reason`)."""
        chosen = self._to_save()
        gone, damaged = self._left_out_of_save()
        folder = self.host.ask_folder(len(chosen))
        if folder:
            self.bridge.spawn(self._save_into(Path(folder), chosen, gone, damaged))

    async def _save_into(
        self,
        folder: Path,
        chosen: Sequence[Snapshot],
        gone: Sequence[Snapshot],
        damaged: Sequence[Snapshot] = (),
    ) -> None:
        """Copy the images of ``chosen`` into ``folder`` off the GUI thread (:func:`export_all`),
        the status bar saying how far (``Bridge.saves``); then say how it went
        (:attr:`saved_several`), or, where the folder refused a copy, why, in the error banner,
        with how many were saved before. ``gone`` and ``damaged``: those left out, their
        file found gone, or damaged."""
        saves = self.bridge.saves
        run = saves.start(len(chosen))
        try:
            exported = await export_all(
                [(Path(s.file_path), suggested_file_name(s), s.sha256) for s in chosen],
                folder,
                done=partial(saves.advance, run),
                stop=lambda: run.stopped,
                # Once a copy is there, not at the end: the window closed meanwhile (Quit
                # anyway) no longer kept the folder for the next start.
                first_saved=partial(StandardDialogs.went_to, str(folder)),
            )
        finally:
            saves.end(run)
        left_out = join_sentences(
            self._missing_words([*gone, *(chosen[place] for place in exported.missing)]),
            self._unreadable_words([chosen[place] for place in exported.unreadable]),
            self._damaged_words([*damaged, *(chosen[place] for place in exported.damaged)]),
        )
        saved = len(exported.saved)
        if exported.failed is not None:
            words = self._not_saved_words(exported.failed, several=True, after=saved)
            before = self._saved_before_words(saved, len(chosen), folder)
            hint = join_sentences(words.hint, before, left_out)
            self.bridge.report(exported.failed, words=Explanation(words.message, hint))
            return
        said = self._saved_words(saved, run, folder)
        self.saved_several.emit(
            said, join_sentences(left_out, self._numbered_words(exported.numbered)), folder
        )

    def _not_saved_words(
        self, error: StorageError, *, several: bool, after: int = 0
    ) -> Explanation:
        """What a Save as says when the place the artist chose refuses the copy (a read-only
        or full disk, no rights, a read-only file of that name): that the image was not
        saved, then why. The kind's own words are of the app's folders and files: a
        read-only USB stick was "A folder Kontext Studio needs cannot be used", and a full
        one "The file could not be written", for a Save of 17 images. ``after``: how many
        images of several were saved before."""
        if not several:
            head = self.tr("The image could not be saved.")
        elif after:
            head = self.tr("The rest of the images could not be saved.")
        else:
            head = self.tr("The images could not be saved.")
        return Explanation(with_detail(head, explain_error_detail(error)), explain(error).hint)

    def _saved_words(self, saved: int, run: SaveRun, folder: Path) -> str:
        """What a Save of several that ran to its end, or was stopped, saved."""
        where = str(folder)
        if run.stopped:
            return self.tr("Stopped: {saved} of {count} images were saved in {folder}.").format(
                saved=grouped(saved), count=grouped(run.count), folder=where
            )
        if saved == 0:
            return self.tr("No image was saved in {folder}.").format(folder=where)
        if saved < run.count:
            return self.tr("Saved {saved} of {count} images in {folder}.").format(
                saved=grouped(saved), count=grouped(run.count), folder=where
            )
        if saved == 1:
            return self.tr("Saved 1 image in {folder}.").format(folder=where)
        return self.tr("Saved {count} images in {folder}.").format(
            count=grouped(saved), folder=where
        )

    def _saved_before_words(self, saved: int, count: int, folder: Path) -> str:
        """How many images a Save of several that the folder refused saved before."""
        if saved == 0:
            return ""
        if saved == 1:
            return self.tr("1 of {count} images was saved in {folder} before.").format(
                count=grouped(count), folder=str(folder)
            )
        return self.tr("{saved} of {count} images were saved in {folder} before.").format(
            saved=grouped(saved), count=grouped(count), folder=str(folder)
        )

    def _numbered_words(self, numbered: Sequence[Path]) -> str:
        """Which copies of a Save of several were given a number as the folder already had a
        file of their name (:attr:`Exported.numbered`), by the name they were saved as: said
        only "Saved 3 images", the artist looked for theirs under the name they knew, and
        found the file that was there before. The names come after "saved as": after "the
        folder already had files of those names" (in Chinese 已有同名文件), they read as
        those of the files that were there, the artist's copies as someone else's."""
        if not numbered:
            return ""
        if len(numbered) == 1:
            return self.tr(
                "The folder already had a file of the name one copy was to have, so it was "
                "saved as “{name}”."
            ).format(name=numbered[0].name)
        return self.tr(
            "The folder already had files of the names {count} copies were to have, so they "
            "were saved as {names}."
        ).format(count=grouped(len(numbered)), names=some_names([p.name for p in numbered]))

    def _missing_words(self, gone: Sequence[Snapshot]) -> str:
        """Those a Save of several left out as their image file is gone, by title (and
        those a greyed Publish of several would, beside those damaged: :meth:`_damaged_reason`):
        moved or deleted outside the app, or put in the trash by a Delete of this app that
        was cut short (:meth:`_trashed_words`), or by one whose Undo brought the artwork back
        without it (:meth:`_left_in_trash_words`)."""
        trashed = [s for s in gone if s.trashed_at is not None]
        left = [s for s in gone if s.trashed_at is None and s.image_left_in_trash]
        missing = [s for s in gone if s.trashed_at is None and not s.image_left_in_trash]
        return join_sentences(
            self._outside_words(missing),
            self._trashed_words(trashed),
            self._left_in_trash_words(left),
        )

    def _outside_words(self, missing: Sequence[Snapshot]) -> str:
        """Those left out as their image file was moved or deleted outside the app."""
        if not missing:
            return ""
        if len(missing) == 1:
            return self.tr(
                "“{title}” was left out: its image file is missing (moved or deleted outside "
                "the app)."
            ).format(title=sentence_title(missing[0]))
        return self.tr(
            "{count} artworks were left out: their image files are missing (moved or deleted "
            "outside the app): {titles}."
        ).format(count=grouped(len(missing)), titles=some_titles(missing))

    def _trashed_words(self, trashed: Sequence[Snapshot]) -> str:
        """Those left out as a Delete of this app moved their image to the trash, then was
        cut short before it removed them from the library (:attr:`Snapshot.trashed_at`), by
        title, in this desktop's words, with how to get them back. Before, they were said
        "moved or deleted outside the app"."""
        if not trashed:
            return ""
        if len(trashed) == 1:
            return self._one_trashed_words().format(title=sentence_title(trashed[0]))
        return self._several_trashed_words().format(titles=some_titles(trashed))

    def _one_trashed_words(self) -> str:
        sentences = {
            Desktop.WINDOWS: self.tr(
                "“{title}” was left out: a Delete moved its image to the Recycle Bin and was "
                "cut short before it removed it from the library. Restore it from the Recycle "
                "Bin to keep it, or delete it again."
            ),
            Desktop.MACOS: translate(  # self.tr with a trailing comma is read as a plural
                "JobActions",
                "“{title}” was left out: a Delete moved its image to the Trash and was cut short "
                "before it removed it from the library. Restore it from the Trash to keep it, "
                "or delete it again.",
                "macOS",
            ),
            Desktop.LINUX: translate(  # self.tr with a trailing comma is read as a plural
                "JobActions",
                "“{title}” was left out: a Delete moved its image to the Trash and was cut short "
                "before it removed it from the library. Restore it from the Trash to keep it, "
                "or delete it again.",
                "Linux",
            ),
        }
        return sentences[desktop.current()]

    def _several_trashed_words(self) -> str:
        sentences = {
            Desktop.WINDOWS: self.tr(
                "Left out, as a Delete moved their images to the Recycle Bin and was cut short "
                "before it removed them from the library: {titles}. Restore them from the "
                "Recycle Bin to keep them, or delete them again."
            ),
            Desktop.MACOS: translate(  # self.tr with a trailing comma is read as a plural
                "JobActions",
                "Left out, as a Delete moved their images to the Trash and was cut short before "
                "it removed them from the library: {titles}. Restore them from the Trash to "
                "keep them, or delete them again.",
                "macOS",
            ),
            Desktop.LINUX: translate(  # self.tr with a trailing comma is read as a plural
                "JobActions",
                "Left out, as a Delete moved their images to the Trash and was cut short before "
                "it removed them from the library: {titles}. Restore them from the Trash to "
                "keep them, or delete them again.",
                "Linux",
            ),
        }
        return sentences[desktop.current()]

    def _left_in_trash_words(self, left: Sequence[Snapshot]) -> str:
        """Those left out as their image went to the trash with a Delete whose Undo brought
        them back without it (:attr:`Snapshot.image_left_in_trash`), by title, in this
        desktop's words. Before, they were said "moved or deleted outside the app"."""
        if not left:
            return ""
        one, several = {
            Desktop.WINDOWS: (
                self.tr(
                    "“{title}” was left out: its image went to the Recycle Bin with its Delete, "
                    "and Undo brought the artwork back without it. Restore it from the Recycle "
                    "Bin to keep it."
                ),
                self.tr(
                    "Left out, as their images went to the Recycle Bin with their Delete, and "
                    "Undo brought them back without them: {titles}. Restore them from the "
                    "Recycle Bin to keep them."
                ),
            ),
            Desktop.MACOS: (
                translate(  # self.tr with a trailing comma is read as a plural
                    "JobActions",
                    "“{title}” was left out: its image went to the Trash with its Delete, and "
                    "Undo brought the artwork back without it. Restore it from the Trash to "
                    "keep it.",
                    "macOS",
                ),
                translate(
                    "JobActions",
                    "Left out, as their images went to the Trash with their Delete, and Undo "
                    "brought them back without them: {titles}. Restore them from the Trash to "
                    "keep them.",
                    "macOS",
                ),
            ),
            Desktop.LINUX: (
                translate(
                    "JobActions",
                    "“{title}” was left out: its image went to the Trash with its Delete, and "
                    "Undo brought the artwork back without it. Restore it from the Trash to "
                    "keep it.",
                    "Linux",
                ),
                translate(
                    "JobActions",
                    "Left out, as their images went to the Trash with their Delete, and Undo "
                    "brought them back without them: {titles}. Restore them from the Trash to "
                    "keep them.",
                    "Linux",
                ),
            ),
        }[desktop.current()]
        if len(left) == 1:
            return one.format(title=sentence_title(left[0]))
        return several.format(titles=some_titles(left))

    def _unreadable_words(self, unreadable: Sequence[Snapshot]) -> str:
        """Those a Save of several left out as their image file could not be read (no
        permission, a disk that fails), by title."""
        if not unreadable:
            return ""
        if len(unreadable) == 1:
            return self.tr("“{title}” was left out: its image file could not be read.").format(
                title=sentence_title(unreadable[0])
            )
        return self.tr(
            "{count} artworks were left out: their image files could not be read: {titles}."
        ).format(count=grouped(len(unreadable)), titles=some_titles(unreadable))

    def _damaged_words(self, damaged: Sequence[Snapshot]) -> str:
        """Those a Save of several left out as their image file does not open (cut short,
        damaged since: found so by the copy, or already by their tiles), by title, and what
        puts it right, in the words a Save as of one of them says
        (:func:`~kontext_studio.images.whole.damaged_in_library`): they were copied, broken,
        and counted as saved."""
        return join_sentences(*self._damaged_parts(damaged, SAVE_AGAIN)) if damaged else ""

    def _damaged_parts(self, damaged: Sequence[Snapshot], again: str) -> tuple[str, str]:
        """Those of ``damaged`` (at least one) left out, by title, and what puts them right
        before the artist does ``again`` (save it again, publish it again): Download again
        named when the preview offers it for any of them (never for one imported)."""
        downloadable = any(refetchable(s) for s in damaged)
        damage = damaged_in_library(Path(damaged[0].file_path), again, downloadable=downloadable)
        advice = explain(damage).hint
        if len(damaged) == 1:
            left_out = self.tr(
                "“{title}” was left out: its image file in the library folder is damaged and "
                "does not open."
            ).format(title=sentence_title(damaged[0]))
        else:
            left_out = self.tr(
                "{count} artworks were left out: {titles}. The image file of each in the "
                "library folder is damaged and does not open."
            ).format(count=grouped(len(damaged)), titles=some_titles(damaged))
        return left_out, advice

    def _show_in_folder(self) -> None:
        if snapshot := self._current("show_in_folder"):
            folder = Path(snapshot.file_path).parent
            if not self.host.open_folder(folder):
                self.notice.emit(folder_not_opened(folder))

    def _toggle_star(self) -> None:
        """Star (or unstar) what is selected as the artist sees it at the press: as the
        Stars pressed before and not written yet leave it (:meth:`_press_star`)."""
        snapshot = self._current("star")
        if snapshot is None:
            return
        starred = not self._all_starred()
        shown = {s.id: s for s in self.several or (snapshot,)}
        over = self._press_star(shown, starred)
        if not self.several:
            self._star(snapshot, starred, over)
            return

        def done(held: list[Snapshot], told: list[Snapshot]) -> None:
            there = {s.id for s in held}
            missing = [job_id for job_id in shown if job_id not in there]
            elsewhere = self._found_gone_among(list(shown.values()), missing)
            self._all_changed([s for s in told if s != shown[s.id]])  # not those as shown
            over()
            starred_now = [change_of(shown[s.id], s, ("starred",)) for s in held]
            count = sum(change is not None for change in starred_now)  # not those starred before
            self.undo.record(self._starred_name(starred, count), starred_now, details=False)
            # None held: each was deleted, by another program (said here) or by this
            # window's Delete, which says so.
            starred_words = self._starred_words(starred, len(held)) if held else ""
            if words := join_sentences(starred_words, elsewhere):
                self.notice.emit(words)

        ledger = self.bridge.session.ledger
        write = partial(asyncio.to_thread, set_starred, ledger, list(shown), starred)
        self._write_rows(partial(self._in_turn, write, over), done)

    def _press_star(self, ids: Collection[int], starred: bool) -> Callable[[], None]:
        """``ids`` are to be ``starred`` once this press is written (``Bridge.stars``): a
        press meanwhile toggles that, and the actions say so. Before, the second of two
        quick Ctrl+D toggled the window's copy, which the first's row had not changed yet,
        and starred the artwork again; of several, starred them all again. The function
        returned forgets this press once its rows are told (or it failed), unless a later
        one wants their star since."""
        press = object()
        stars = self.bridge.stars
        for job_id in ids:
            stars[job_id] = (starred, press)
        self._refresh()

        def over() -> None:
            for job_id in ids:
                if job_id in stars and stars[job_id][1] is press:
                    del stars[job_id]
            self._refresh()

        return over

    async def _in_turn(
        self, write: Callable[[], Awaitable[_Written]], over: Callable[[], None]
    ) -> _Written:
        """``write`` once the Stars pressed before it are written (``Bridge.starring``):
        two writes side by side could end in either order, the first press's last. Failed,
        its press is forgotten (``over``)."""
        try:
            async with self.bridge.starring:
                return await write()
        except Exception:
            over()
            raise

    def _starred_words(self, starred: bool, count: int) -> str:
        """What Star of several says once it is written, as Delete of several says how many
        it deleted: ``count`` of those selected are starred (or unstarred) now, as the
        library holds them (:func:`set_starred`), those deleted meanwhile left out. Before,
        Star of 300 said nothing of the many scrolled out of sight; then those the window
        showed starred already were counted from its copy, and one another program had
        unstarred meanwhile was left so, and counted."""
        if starred:
            if count == 1:
                return self.tr("Starred 1 artwork.")
            return self.tr("Starred {count} artworks.").format(count=grouped(count))
        if count == 1:
            return self.tr("Unstarred 1 artwork.")
        return self.tr("Unstarred {count} artworks.").format(count=grouped(count))

    def _starred_name(self, starred: bool, count: int) -> str:
        """How Undo names a Star of ``count`` artworks ("Undo Star 3 artworks")."""
        if count == 1:
            return self.tr("Star") if starred else self.tr("Unstar")
        if starred:
            return self.tr("Star {count} artworks").format(count=grouped(count))
        return self.tr("Unstar {count} artworks").format(count=grouped(count))

    def _tags_added_name(self, count: int) -> str:
        """How Undo names an Add tags to ``count`` artworks."""
        if count == 1:
            return self.tr("Add tags to 1 artwork")
        return self.tr("Add tags to {count} artworks").format(count=grouped(count))

    def _put_back(self, rows: list[Snapshot], details: bool) -> None:
        """Every view shows the rows an Undo or Redo wrote; of details, those published are
        offered to be published again, as after Edit details."""
        if details:
            self._details_saved(rows, rows)
        else:
            self._all_changed(rows)

    def share_undo(self, library: JobActions) -> None:
        """Keep what these actions do in the Undo list of ``library``'s, the window's one:
        the preview pane's Edit details went to a list of the pane's own, which no key or
        menu reached (Edit ▸ Undo stayed greyed after it)."""
        self.undo.deleteLater()
        self.undo = library.undo

    def _brought_back(self, rows: list[Snapshot]) -> None:
        """Every view holds the rows an Undo of a Delete brought back, not only the first
        :data:`CHANGES_PER_TURN` of them, before the library selects them all. (The room
        of the copies it put back was given back as they were let go of: ``forget_kept``.)"""
        self._tell_now()
        self.brought_back.emit(rows)

    def _learn_links(self) -> None:
        """In a worker thread, as the window opens: whether the library's disk takes links
        into the app's folder for Undo (:meth:`~kontext_studio.store.undo.CopyBudget.probe`,
        once for the library's folder, whichever of the window's actions asks first), so the
        first Delete's question says which images Undo may have no room to copy. Before,
        only a Delete found out."""
        budget = self._undo_folder.copies
        library = self.bridge.session.engine.library_dir
        self.bridge.spawn(asyncio.to_thread(budget.probe, library, self._undo_folder.root))

    def _rename(self) -> None:
        """Ask for the title (:class:`RenameDialog`). Written as Edit details writes it
        (:func:`save_details`), so a title over its limit is refused in the same words:
        Rename took a paste of any length as the title."""
        snapshot = self._current("rename")
        if snapshot is None:
            return
        typed = self.host.ask_title(snapshot)
        if typed is None:
            return
        if self._gone(snapshot.id):  # deleted as the box closed, before it could say so
            if not self.bridge.deleted_here(snapshot.id):  # else the artist's own Delete
                self.bridge.report(_gone_words(snapshot, RENAMED_GONE))
            return
        title = chosen_title(snapshot, typed)
        if title == snapshot.title:
            # OK on the title as it was: nothing changed, so a published artwork's copy in
            # R2 has its details still, and is not offered to be published again.
            return
        edit = DetailsEdit(title=title)  # held to Edit details' limit, in its words
        write = partial(save_details, self.bridge.session.ledger, snapshot.id, edit)
        self._save_one(write, snapshot, RENAMED_GONE, self.tr("Rename"))

    def _edit_details(self) -> None:
        """One artwork: its title, description and tags, those changed written off the GUI
        thread. Several: tags added to each (:func:`add_tags`), in one write."""
        snapshot = self._current("details")
        if snapshot is None:
            return
        chosen = self.several or (snapshot,)
        edit = self.host.ask_details(chosen)
        if edit is None:
            return
        ledger = self.bridge.session.ledger
        if self.several:
            self._add_tags(chosen, edit.tags or "")
        elif edit != DetailsEdit():
            write = partial(save_details, ledger, snapshot.id, edit)
            self._save_one(write, snapshot, DETAILS_GONE, self.tr("Edit details"))

    def _add_tags(self, chosen: Sequence[Snapshot], tags: str) -> None:
        """Add ``tags`` to each of ``chosen`` (:func:`add_tags`) in a worker thread, in one
        write; those it found deleted by another program are dropped by every view at once
        and said so (:meth:`_found_gone_among`). Before, their tiles stayed until the library
        was next read, up to 2 s later, and the words counted only those tagged."""
        ledger = self.bridge.session.ledger
        gone: list[int] = []
        written: list[int] = []  # those tagged, with any deleted since

        async def added() -> list[Snapshot]:
            tagged = await asyncio.to_thread(add_tags, ledger, [s.id for s in chosen], tags)
            gone.extend(tagged.gone)
            written.extend(s.id for s in tagged.changed)
            return tagged.changed

        self._write_rows(added, partial(self._tags_added, chosen, gone, written))

    def _save_one(
        self, write: Callable[[], Snapshot], snapshot: Snapshot, gone: str, name: str
    ) -> None:
        """Rename or Edit details of ``snapshot``: ``write`` in a worker thread, then told
        as a write of several is (:meth:`_write_rows`), and kept for Undo as ``name``; the
        ``gone`` template's words said,
        and the artwork dropped by every view, when another program deleted it before the
        window heard of it (:meth:`_written_unless_gone`). Deleted while it wrote (a Delete
        of several going on), it was told all the same: the window said the copy in R2 of
        an artwork no longer in the library kept its old details, and offered a Publish
        again that did nothing."""

        async def saved() -> list[Snapshot]:
            return [await self._written_unless_gone(write, snapshot, gone)]

        def then(kept: list[Snapshot], told: list[Snapshot]) -> None:
            self._details_saved(kept, told)
            if told:
                self.details_written.emit(snapshot, told[0])
            self.undo.record(name, [change_of(snapshot, s, _DETAILS) for s in kept], details=True)

        self._write_rows(saved, then)

    def _tags_added(
        self,
        chosen: Sequence[Snapshot],
        gone: Collection[int],
        written: Collection[int],
        changed: list[Snapshot],
        told: list[Snapshot],
    ) -> None:
        """Add tags to ``chosen`` written: ``gone`` found deleted, ``written`` tagged, of
        them ``changed`` not deleted since (``told``: :meth:`_write_rows`). Tagged, then
        deleted by this window's Delete before their rows came back, they were said to have
        had these tags already."""
        elsewhere = self._found_gone_among(chosen, gone)
        self._details_saved(told, told)
        shown = {s.id: s for s in chosen}
        tagged = [change_of(shown[s.id], s, ("tags",)) for s in changed]
        count = sum(change is not None for change in tagged)  # not those that had the tags
        self.undo.record(self._tags_added_name(count), tagged, details=True)
        if len(changed) == 1:
            words = self.tr("Tags added to 1 artwork.")
        elif changed:
            words = self.tr("Tags added to {count} artworks.").format(count=grouped(len(changed)))
        elif not written and len(gone) < len(chosen):
            words = self.tr("The selected artworks had these tags already.")
        else:
            words = ""  # each was deleted meanwhile: said by another program, or by a Delete
        if said := join_sentences(words, elsewhere):
            self.notice.emit(said)

    def _delete(self) -> None:
        snapshot = self._current("delete")
        if snapshot is None:
            return
        if self.several:
            self._delete_several()
            return
        text = self.tr("Delete “{0}”?").format(whole_name(snapshot, unbroken=True))
        if snapshot.file_path and self.file_missing:
            # One in the trash is there, as its preview says: not gone for good. Put there
            # last by a Delete that could not remove the artwork, whatever an Undo before it
            # left (its image put back by hand, unseen): that Delete's words hold for both.
            if snapshot.trashed_at is not None:
                gone = explain_kind(ImageTrashedError.kind).message
            elif snapshot.image_left_in_trash:
                gone = image_left_in_trash()
            else:
                gone = self.tr("Its image file is already gone from the disk.")
            text += "\n\n" + join_sentences(
                gone,
                self._details_deleted(snapshot),
                self._undo_brings_back([snapshot], [snapshot]),
            )
        elif snapshot.file_path:
            text += "\n\n" + self._goes_to_trash(snapshot)
        else:  # no image (failed, cancelled, still running): its record is all there is
            text += "\n\n" + join_sentences(
                self._prompt_deleted(snapshot), self._undo_brings_back([snapshot])
            )
        if snapshot.state.is_active:
            text += "\n\n" + self._still_running(snapshot)
        elif later_send_may_have_cost(snapshot) and self._of_other_mode(snapshot):
            text += "\n\n" + self._resend_may_have_cost_elsewhere(snapshot)
        elif _may_have_cost(snapshot):
            text += "\n\n" + _may_have_been_charged(snapshot)
        elif _paid_task_followed_free(snapshot):
            text += "\n\n" + self._paid_task_lost(snapshot)
        if snapshot.published_key:
            text += "\n\n" + self.tr(
                "It stays published in your R2 bucket: its link keeps working. To take it "
                "down, Unpublish it first, or undo the Delete before this window closes or "
                "{deletes} more Deletes follow."
            ).format(deletes=grouped(MAX_DELETES))
        elif self._left_here(snapshot):
            text += "\n\n" + join_sentences(
                left_by_a_stopped_publish(snapshot),
                self.tr(
                    "Once it is deleted here Kontext Studio cannot remove that. To remove it, "
                    "press “Remove from bucket” in its preview first."
                ),
            )
        elif left_in_bucket(snapshot):
            text += "\n\n" + self.tr(
                "A publish of it to the bucket '{bucket}' at {host} stopped before its end and "
                "may have left its image there; once it is deleted here Kontext Studio cannot "
                "remove that. To remove it, switch the R2 settings back to that bucket, then "
                "press “Remove from bucket” in its preview first."
            ).format(bucket=snapshot.published_bucket, host=snapshot.published_host)
        asked = time.monotonic()
        if self.host.confirm(self.tr("Delete artwork"), text, self.tr("&Delete")):
            self.bridge.spawn(
                self._delete_jobs([snapshot], asked=asked), on_done=self._trash_refused
            )

    def _delete_several(self) -> None:
        """One question for every artwork selected, saying what holds for the selection as
        a whole, as the question for one says it of one; then each is deleted in turn."""
        chosen = self.several
        text = self.tr("Delete {count} artworks?").format(count=grouped(len(chosen)))
        imageless = sum(1 for s in chosen if not s.file_path)
        missing = [s for s in chosen if s.file_path and not self._trashable(s)]
        if any(self._trashable(s) for s in chosen):
            text += "\n\n" + join_sentences(
                self._go_to_trash(chosen),
                self._no_image_among(imageless),
                self._undo_brings_back(chosen, missing),
            )
        elif any(s.file_path for s in chosen):  # their images are gone already
            files = sum(1 for s in chosen if s.file_path)
            trashed = sum(1 for s in chosen if s.file_path and _in_trash(s))
            if files == len(chosen) and all(_left_by_undo(s) for s in chosen):
                gone = self._all_left_in_trash()
            elif files == len(chosen) and not trashed:
                gone = self.tr("Their image files are already gone from the disk.")
            elif trashed == len(chosen):  # for mixed reasons: not "of 2 of them" of 2
                gone = self._all_in_trash()
            else:  # not "Their" of 2 of 3, nor "gone from the disk" of one in the trash
                gone = join_sentences(
                    self._files_gone_among(files - trashed), self._in_trash_among(trashed)
                )
            text += "\n\n" + join_sentences(
                gone,
                self._all_details_deleted(chosen),
                self._no_image_among(imageless),
                self._undo_brings_back(chosen, missing),
            )
        else:  # none has an image: their records are all there is of them
            text += "\n\n" + join_sentences(
                self._prompts_deleted(chosen), self._undo_brings_back(chosen)
            )
        for words in self._still_running_among(chosen):
            text += "\n\n" + words
        for words in self._may_have_been_charged_among(chosen):
            text += "\n\n" + words
        for words in self._paid_tasks_lost_among(chosen):
            text += "\n\n" + words
        if published := sum(1 for s in chosen if s.published_key):
            text += "\n\n" + self._stay_published(published)
        if left := [s for s in chosen if left_in_bucket(s)]:
            text += "\n\n" + self._left_in_bucket(left)
            if elsewhere := sum(1 for s in left if not self._left_here(s)):
                text += " " + self._left_elsewhere(elsewhere)
        asked = time.monotonic()
        if self.host.confirm(self.tr("Delete artworks"), text, self.tr("&Delete")):
            self.deleting_several.emit([s.id for s in chosen])
            self.bridge.spawn(self._delete_several_jobs(chosen, asked), on_done=self._trash_refused)

    def _stay_published(self, count: int) -> str:
        """What Delete of several says of the ``count`` of them that are published."""
        if count == 1:
            text = self.tr(
                "One of them stays published in your R2 bucket: its link keeps working. To "
                "take it down, Unpublish it first, or undo the Delete before this window "
                "closes or {deletes} more Deletes follow."
            )
        else:
            text = self.tr(
                "{count} of them stay published in your R2 bucket: their links keep working. "
                "To take them down, Unpublish them first, or undo the Delete before this "
                "window closes or {deletes} more Deletes follow."
            )
        return text.format(count=grouped(count), deletes=grouped(MAX_DELETES))

    def _left_in_bucket(self, left: Sequence[Snapshot]) -> str:
        """What Delete of several says of those of them whose publish stopped before its
        end (:func:`left_in_bucket`): "in your R2 bucket" where each record names its
        bucket, "in the R2 bucket it was sent to" where one names none, as the preview says
        it (:func:`left_by_a_stopped_publish`): the bucket set up now may not be where it
        went."""
        count = len(left)
        if any(not s.published_bucket for s in left):
            return self._left_where_sent(count)
        if count == 1:
            return self.tr(
                "A publish of one of them stopped before its end and may have left its image "
                "in your R2 bucket; once it is deleted here Kontext Studio cannot remove that. "
                "To remove it, select it alone and press “Remove from bucket” in its preview "
                "first."
            )
        return self.tr(
            "Publishes of {count} of them stopped before their end and may have left their "
            "images in your R2 bucket; once they are deleted here Kontext Studio cannot "
            "remove those. To remove them, select each alone and press “Remove from bucket” in "
            "its preview first."
        ).format(count=grouped(count))

    def _left_where_sent(self, count: int) -> str:
        """:meth:`_left_in_bucket` where a record among them names no bucket."""
        if count == 1:
            return self.tr(
                "A publish of one of them stopped before its end and may have left its image "
                "in the R2 bucket it was sent to; once it is deleted here Kontext Studio cannot "
                "remove that. To remove it, select it alone and press “Remove from bucket” in "
                "its preview first."
            )
        return self.tr(
            "Publishes of {count} of them stopped before their end and may have left their "
            "images in the R2 buckets they were sent to; once they are deleted here Kontext "
            "Studio cannot remove those. To remove them, select each alone and press “Remove "
            "from bucket” in its preview first."
        ).format(count=grouped(count))

    def _left_here(self, snapshot: Snapshot) -> bool:
        """Whether the preview offers Remove from bucket for what a stopped publish of
        ``snapshot`` left (:func:`left_where_settings_point`)."""
        return left_where_settings_point(snapshot, self.bridge.session.settings.r2)

    def _left_elsewhere(self, count: int) -> str:
        """What Delete of several adds for the ``count`` of them whose stopped publish went
        to another bucket than the R2 settings name: their preview offers no Remove from
        bucket until the settings name it again."""
        if count == 1:
            return self.tr(
                "For one of them, the publish went to another bucket than the R2 settings "
                "name: switch the settings back to that bucket first."
            )
        return self.tr(
            "For {count} of them, the publish went to another bucket than the R2 settings "
            "name: switch the settings back to that bucket first."
        ).format(count=grouped(count))

    def _may_have_been_charged_among(self, chosen: Sequence[Snapshot]) -> list[str]:
        """What Delete of several says of the jobs among them that may have been charged
        for a send whose outcome is not known (:func:`_may_have_cost`), as Delete of one
        says it (:func:`_may_have_been_charged`): live ones may have been charged; demo ones
        use no real credits, and only the demo balance may have gone down (before, they were
        left out, and a selection of them said nothing)."""
        unknown = [s for s in chosen if not s.state.is_active and _may_have_cost(s)]
        demo = sum(1 for s in unknown if s.simulated)
        live = len(unknown) - demo
        words = []
        if live == 1:
            words.append(
                self.tr(
                    "One of them was sent and it is not known whether KIE made it: it may or "
                    "may not have been charged."
                )
            )
        elif live:
            words.append(
                self.tr(
                    "{count} of them were sent and it is not known whether KIE made them: they "
                    "may or may not have been charged."
                ).format(count=grouped(live))
            )
        if demo == 1:
            words.append(
                self.tr(
                    "One of them is a demo job that was sent and it is not known whether the "
                    "demo server made it: it uses no real credits, and the demo balance may or "
                    "may not have gone down for it."
                )
            )
        elif demo:
            words.append(
                self.tr(
                    "{count} of them are demo jobs that were sent and it is not known whether "
                    "the demo server made them: they use no real credits, and the demo balance "
                    "may or may not have gone down for them."
                ).format(count=grouped(demo))
            )
        return words

    def _paid_tasks_lost_among(self, chosen: Sequence[Snapshot]) -> list[str]:
        """What Delete of several says of the stopped jobs among them whose tasks KIE made,
        and charged, and that Retry would follow or fetch without paying again
        (:func:`_paid_task_followed_free`: timed-out ones, cancelled ones KIE took), as
        :meth:`_paid_task_lost` says it of one; demo ones of the demo balance. Before, it
        said nothing of them. Those of the other mode are checked on by their own mode
        alone (:meth:`_paid_task_lost`)."""
        paid = [s for s in chosen if _paid_task_followed_free(s)]
        demo = sum(1 for s in paid if s.simulated)
        live = len(paid) - demo
        words = []
        if live:
            words.append(self._live_paid_tasks_lost(live))
        if demo:
            words.append(self._demo_paid_tasks_lost(demo))
        return words

    def _live_paid_tasks_lost(self, count: int) -> str:
        """:meth:`_paid_tasks_lost_among`'s words of ``count`` live jobs."""
        if self.bridge.session.demo:  # Retry is held for them here
            if count == 1:
                return self.tr(
                    "KIE had already taken one of them, so it was charged: deleting it does "
                    "not give the credits back, and live mode would check on it without paying "
                    "again, with your API key."
                )
            return self.tr(
                "KIE had already taken {count} of them, so they were charged: deleting them "
                "does not give the credits back, and live mode would check on them without "
                "paying again, with your API key."
            ).format(count=grouped(count))
        if count == 1:
            return self.tr(
                "KIE had already taken one of them, so it was charged: deleting it does "
                "not give the credits back, and Retry would check on it without paying "
                "again."
            )
        return self.tr(
            "KIE had already taken {count} of them, so they were charged: deleting "
            "them does not give the credits back, and Retry would check on them "
            "without paying again."
        ).format(count=grouped(count))

    def _demo_paid_tasks_lost(self, count: int) -> str:
        """:meth:`_paid_tasks_lost_among`'s words of ``count`` demo jobs."""
        if not self.bridge.session.demo:  # Retry is held for them here
            if count == 1:
                return self.tr(
                    "The demo server had already taken one of them, so the demo balance went "
                    "down for it (no real credits); demo mode would check on it without "
                    "lowering it again."
                )
            return self.tr(
                "The demo server had already taken {count} of them, so the demo balance "
                "went down for them (no real credits); demo mode would check on them without "
                "lowering it again."
            ).format(count=grouped(count))
        if count == 1:
            return self.tr(
                "The demo server had already taken one of them, so the demo balance went "
                "down for it (no real credits); Retry would check on it without lowering "
                "it again."
            )
        return self.tr(
            "The demo server had already taken {count} of them, so the demo balance "
            "went down for them (no real credits); Retry would check on them without "
            "lowering it again."
        ).format(count=grouped(count))

    def _still_running_among(self, chosen: Sequence[Snapshot]) -> list[str]:
        """What Delete of several says of the jobs among them still running, as
        :meth:`_still_running` says it of one: live ones KIE may still charge, live ones KIE
        has finished (their image downloading: charged already), demo ones."""
        active = [s for s in chosen if s.state.is_active]
        demo = sum(1 for s in active if s.simulated)
        finished = sum(1 for s in active if not s.simulated and s.state is JobState.DOWNLOADING)
        running = len(active) - demo - finished
        words = []
        if running == 1:
            words.append(
                self.tr(
                    "One of them is still running. KIE has no cancel call, so its credits may "
                    "still be spent."
                )
            )
        elif running:
            words.append(
                self.tr(
                    "{count} of them are still running. KIE has no cancel call, so their "
                    "credits may still be spent."
                ).format(count=grouped(running))
            )
        if finished == 1:
            words.append(
                self.tr(
                    "KIE has already finished one of them, whose image is downloading, so its "
                    "credits are spent: deleting it now does not give them back."
                )
            )
        elif finished:
            words.append(
                self.tr(
                    "KIE has already finished {count} of them, whose images are downloading, "
                    "so their credits are spent: deleting them now does not give them back."
                ).format(count=grouped(finished))
            )
        if demo == 1:
            words.append(
                self.tr(
                    "One of them is a demo job still running. The demo server, like KIE, has "
                    "no cancel call, so it may still finish it there. A demo job uses no real "
                    "credits: only the demo balance goes down."
                )
            )
        elif demo:
            words.append(
                self.tr(
                    "{count} of them are demo jobs still running. The demo server, like KIE, "
                    "has no cancel call, so it may still finish them there. Demo jobs use no "
                    "real credits: only the demo balance goes down."
                ).format(count=grouped(demo))
            )
        return words

    def _of_other_mode(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` is a job of the other mode (demo or live) than this one."""
        return snapshot.simulated is not self.bridge.session.demo

    def _resend_may_have_cost_elsewhere(self, snapshot: Snapshot) -> str:
        """What Delete says of a job of the other mode that keeps the task of an earlier
        send, whose later send may have been charged too (:func:`later_send_may_have_cost`):
        as :meth:`_paid_task_lost` does, which mode would check on it, then of that send.
        Before, it said its note's "Retry fetches that image", while Retry is held for it
        here."""
        if snapshot.simulated:
            last = self.tr("Its last send may or may not have lowered the demo balance as well.")
        else:
            last = self.tr("Its last send may or may not have been charged as well.")
        return join_sentences(self._paid_task_lost(snapshot), last)

    def _paid_task_lost(self, snapshot: Snapshot) -> str:
        """What Delete says of a stopped job whose task KIE made, and charged, and that
        Retry would follow or fetch without paying again (:func:`_paid_task_followed_free`):
        deleted, that image is given up. A job of the other mode is checked on by its own
        mode alone, where Retry is held for it (:func:`other_mode_advice`): before, demo mode
        said Retry would check on a live one."""
        elsewhere = self._of_other_mode(snapshot)
        if snapshot.simulated and elsewhere:
            return self.tr(
                "The demo server had already taken this job, so the demo balance went down for "
                "it (no real credits); demo mode would check on it without lowering it again."
            )
        if snapshot.simulated:
            return self.tr(
                "The demo server had already taken this job, so the demo balance went down for "
                "it (no real credits); Retry would check on it without lowering it again."
            )
        if elsewhere:
            return self.tr(
                "KIE had already taken this job, so it was charged: deleting it does not give the "
                "credits back, and live mode would check on it without paying again, with your "
                "API key."
            )
        return self.tr(
            "KIE had already taken this job, so it was charged: deleting it does not give the "
            "credits back, and Retry would check on it without paying again."
        )

    def _still_running(self, snapshot: Snapshot) -> str:
        """What Delete says of a job still running: a demo job's task is the demo server's,
        and uses no real credits. One whose image is downloading was finished, and charged,
        already (as Cancel says, :meth:`_cancel_question`)."""
        if snapshot.state is JobState.DOWNLOADING:
            if snapshot.simulated:
                return self.tr(
                    "The demo server has already finished this image, so the demo balance went "
                    "down for it (no real credits)."
                )
            return self.tr(
                "KIE has already finished this image, so its credits are spent: deleting it "
                "now does not give them back."
            )
        if snapshot.simulated:
            return self.tr(
                "The job is still running. The demo server, like KIE, has no cancel call, so "
                "it may still finish it there. A demo job uses no real credits: only the demo "
                "balance goes down."
            )
        return self.tr(
            "The job is still running. KIE has no cancel call, so its credits may still be spent."
        )

    def _trash_refused(self, refused: list[Snapshot]) -> None:
        """When the trash refused images (no trash on that disk, say), ask once before the
        files are removed with no way back; their jobs stay in the library otherwise. Not
        once the window has closed (a stop signal lets a Delete finish, ``app._shut``): the
        question showed with no window behind it, nobody there to answer, and its parent
        torn down under it as the close went on; they stay, as its Cancel leaves them."""
        if not refused:
            return
        if self._window_gone:
            log.info(
                "trash refused after the window closed",
                extra={"event": "trash_refused_at_close", "count": len(refused)},
            )
            return
        if len(refused) == 1:
            text = self._not_moved_to_trash().format(whole_name(refused[0])) + "\n\n"
            text += self.tr("Delete it for good? It cannot be brought back.")
        else:
            text = self._several_not_moved_to_trash().format(count=grouped(len(refused))) + "\n\n"
            text += self.tr("Delete them for good? They cannot be brought back.")
        asked = time.monotonic()
        if self.host.confirm(self.tr("Delete for good"), text, self.tr("Delete for &good")):
            self.bridge.spawn(self._delete_jobs(refused, asked=asked, for_good=True))

    def _window_closed(self) -> None:
        self._window_gone = True

    # The trash by the name this system gives it, in whole sentences (kontext_studio.desktop).

    def _goes_to_trash(self, snapshot: Snapshot) -> str:
        """Where the image goes, what else is deleted with it, and what Undo brings back:
        before, the question said the title, tags and star were deleted for good, while
        Edit ▸ Undo brought them back."""
        sentences = {
            Desktop.WINDOWS: self.tr("Its image goes to the Recycle Bin."),
            Desktop.MACOS: self.tr("Its image goes to the Trash.", "macOS"),
            Desktop.LINUX: self.tr("Its image goes to the Trash.", "Linux"),
        }
        return join_sentences(
            sentences[desktop.current()],
            self._details_deleted(snapshot),
            self._undo_brings_back([snapshot]),
        )

    def _undo_brings_back(
        self, chosen: Sequence[Snapshot], missing: Sequence[Snapshot] = ()
    ) -> str:
        """What Edit ▸ Undo brings back of ``chosen`` once deleted: each but a job still
        running (its task may still be answered: :meth:`_keep_images`), until this window
        closes (the links kept to their images die with it) or the Delete falls off the
        Deletes Undo keeps (:data:`~kontext_studio.ui.library_undo.MAX_DELETES`); those of
        them whose image file is ``missing`` (in the trash already, or gone) without it, no
        copy of it kept. Before, it promised it all back. A Delete for good (the trash
        refused) asks a question of its own (:meth:`_trash_refused`)."""
        running = sum(1 for s in chosen if s.state.is_active)
        unkept = sum(1 for s in missing if not s.state.is_active)
        keys = shortcuts.keys_text("undo")
        if running == len(chosen) == 1:
            return self.tr("It cannot be brought back.")
        if running == len(chosen):
            return self.tr("They cannot be brought back.")
        if unkept == len(chosen) == 1:
            text = self.tr(
                "Edit ▸ Undo ({keys}) brings it back, but not its image, until this window "
                "closes or {deletes} more Deletes follow."
            )
        elif unkept == len(chosen):
            text = self.tr(
                "Edit ▸ Undo ({keys}) brings them back, but not their images, until this "
                "window closes or {deletes} more Deletes follow."
            )
        elif len(chosen) == 1:
            text = self.tr(
                "Edit ▸ Undo ({keys}) brings it all back until this window closes or {deletes} "
                "more Deletes follow."
            )
        elif not running:
            text = self.tr(
                "Edit ▸ Undo ({keys}) brings them all back until this window closes or "
                "{deletes} more Deletes follow."
            )
        elif running == 1:
            text = self.tr(
                "Edit ▸ Undo ({keys}) brings them all back until this window closes or "
                "{deletes} more Deletes follow, but for the one still running."
            )
        else:
            text = self.tr(
                "Edit ▸ Undo ({keys}) brings them all back until this window closes or "
                "{deletes} more Deletes follow, but for the {count} still running."
            )
        text = text.format(keys=keys, count=grouped(running), deletes=grouped(MAX_DELETES))
        return join_sentences(
            text, self._back_without_images(unkept, len(chosen)), self._copies_short(chosen)
        )

    def _back_without_images(self, unkept: int, chosen: int) -> str:
        """What the question adds of the ``unkept`` among ``chosen`` whose image files are
        missing: Undo brings them back without their images. Nothing when none is, nor when
        all are (the sentence before says so). Apart, for the sentences after it to join."""
        if unkept == chosen or not unkept:
            return ""
        if unkept == 1:
            return self.tr("The one whose image file is missing comes back without it.")
        return self.tr("The {count} whose image files are missing come back without them.").format(
            count=grouped(unkept)
        )

    def _copies_short(self, chosen: Sequence[Snapshot]) -> str:
        """What the question says of the images of ``chosen`` that may not fit in the room
        left for the copies Undo keeps (:class:`~kontext_studio.store.undo.CopyBudget`), as
        the last Delete saw it, its library's disk taking no links. Else it promised them
        all back, and only the Delete's end said which come back without their images."""
        room = self._undo_folder.copies.room_left()
        if room is None:
            return ""
        past = []
        for snapshot in chosen:  # in the order the Delete keeps them
            if self._trashable(snapshot) and not snapshot.state.is_active:
                size = snapshot.file_size or 0
                if size > room:  # not copied, and its room left to the next (CopyBudget.take)
                    past.append(snapshot)
                else:
                    room -= size
        if len(past) == 1:
            return self.tr(
                "But Undo can keep copies of only so many images from this library's disk: "
                "it may bring “{title}” back without its image."
            ).format(title=sentence_title(past[0]))
        if past and len(past) == len(chosen):
            return self.tr(
                "But Undo can keep copies of only so many images from this library's disk: "
                "it may bring them all back without their images."
            )
        if past:
            return self.tr(
                "But Undo can keep copies of only so many images from this library's disk: "
                "it may bring {count} of these artworks back without their images."
            ).format(count=grouped(len(past)))
        return ""

    def _details_of(
        self, chosen: Sequence[Snapshot], fields: Sequence[str] = _GIVEN
    ) -> list[tuple[str, bool]]:
        """What the artist gave ``chosen`` that the library alone keeps (title, description,
        tags, star), each named (and whether the name is plural) only when any of them has
        it. Before, Delete named all of them of an artwork that had none. Of several, a
        thing only one of them has is named as one: "titles" of one title read as if each
        had one. ``fields``: those of :data:`_GIVEN` to name."""
        names = {  # its name for one, for more
            "title": (self.tr("title"), self.tr("titles")),
            "description": (self.tr("description"), self.tr("descriptions")),
            "tags": (self.tr("tags"), self.tr("tags")),
            "starred": (self.tr("star"), self.tr("stars")),
        }
        named = []
        for name in fields:
            count = sum(1 for s in chosen if getattr(s, name))
            if count:
                one, several = names[name]
                named.append((several if count > 1 else one, count > 1 or name == "tags"))
        return named

    def _details_deleted(self, snapshot: Snapshot) -> str:
        """What the library deletes of an artwork beside its image, in the trash or not:
        "" when the artist gave it nothing of its own."""
        details = self._details_of([snapshot])
        if not details:
            return ""
        if len(details) == 1 and not details[0][1]:
            text = self.tr("Its {details} is deleted.")
        else:
            text = self.tr("Its {details} are deleted.")
        return _with_details(text, details)

    def _prompt_deleted(self, snapshot: Snapshot) -> str:
        """What the library deletes of a job that made no image (failed, cancelled, still
        running): all there is of it. Before, its question said nothing, where an artwork's
        says its title, tags and star go: as if a failed job's prompt could be found again."""
        details = self._details_of([snapshot])
        if not details:
            return self.tr("Its prompt and settings are deleted.")
        return _with_details(
            self.tr("Its prompt and settings are deleted, with its {details}."), details
        )

    def _prompts_deleted(self, chosen: Sequence[Snapshot]) -> str:
        """As :meth:`_prompt_deleted`, of several."""
        given, _plural = self._given_to_them(chosen)
        if not given:
            return self.tr("Their prompts and settings are deleted.")
        text = self.tr("Their prompts and settings are deleted, with {given}.")
        return fill_values(text, {"given": given}, str)

    def _given_to_them(self, chosen: Sequence[Snapshot]) -> tuple[Every, bool]:
        """What the artist gave ``chosen`` (several), each said of those that have it: "the
        title you gave one of them and the tags and star you gave another", "the titles you
        gave 2 of them", "the tags you gave them" (each of them); and whether that is plural
        ("are deleted"). Empty when none has anything (:meth:`_details_of`). "The title you gave
        them" of one title among three read as if the three shared it, and "the title and
        description you gave them" so of one title and one description, given to two."""
        holding: dict[frozenset[int], list[str]] = {}  # those that have each, as one
        for name in _GIVEN:
            holders = frozenset(s.id for s in chosen if getattr(s, name))
            if holders:
                holding.setdefault(holders, []).append(name)
        phrases = []
        plural = len(holding) > 1
        alone = 0  # things given to one alone named yet, each to another artwork
        for holders, fields in holding.items():
            details = self._details_of([s for s in chosen if s.id in holders], fields)
            plural = plural or len(details) > 1 or details[0][1]
            if len(holders) == len(chosen):
                text = self.tr("the {details} you gave them")
            elif len(holders) > 1:
                text = self.tr("the {details} you gave {count} of them")
            else:
                text = self._given_to_one(alone, len(chosen))
                alone += 1
            phrases.append(_with_details(text, details, len(holders)))
        return Every(phrases), plural

    def _given_to_one(self, before: int, count: int) -> str:
        """What :meth:`_given_to_them` says of a thing given to one of ``count`` artworks
        alone, ``before`` others given to one alone named before it: "one of them", then
        "the other" of two, "another", "a third", "a fourth". Before, each after the first
        was "another": of two, "the title you gave one of them and the star you gave
        another", as if there were more; of three, "another" and "another", as if the one."""
        if before == 0:
            return self.tr("the {details} you gave one of them")
        if before == 1:
            if count == 2:
                return self.tr("the {details} you gave the other")
            return self.tr("the {details} you gave another")
        if before == 2:
            return self.tr("the {details} you gave a third")
        return self.tr("the {details} you gave a fourth")  # four things: no fifth

    def _no_image_among(self, count: int) -> str:
        """What Delete of several says of the ``count`` of them with no image (failed,
        cancelled, still running), beside artworks whose images go to the Trash: the
        question spoke of those alone, and the others' prompts went unsaid."""
        if count == 1:
            return self.tr("One of them has no image: its prompt and settings are deleted too.")
        if count:
            return self.tr(
                "{count} of them have no image: their prompts and settings are deleted too."
            ).format(count=grouped(count))
        return ""

    def _go_to_trash(self, chosen: Sequence[Snapshot]) -> str:
        """As :meth:`_goes_to_trash`, of several; of one image among them (the others made
        none), "One image", not "Their images"."""
        if sum(1 for s in chosen if self._trashable(s)) == 1:
            sentences = {
                Desktop.WINDOWS: self.tr("One image goes to the Recycle Bin."),
                Desktop.MACOS: self.tr("One image goes to the Trash.", "macOS"),
                Desktop.LINUX: self.tr("One image goes to the Trash.", "Linux"),
            }
        else:
            sentences = {
                Desktop.WINDOWS: self.tr("Their images go to the Recycle Bin."),
                Desktop.MACOS: self.tr("Their images go to the Trash.", "macOS"),
                Desktop.LINUX: self.tr("Their images go to the Trash.", "Linux"),
            }
        missing = [s for s in chosen if s.file_path and s.id in self.missing]
        trashed = sum(1 for s in missing if _in_trash(s))
        return join_sentences(
            sentences[desktop.current()],
            self._files_gone_among(len(missing) - trashed),
            self._in_trash_among(trashed),
            self._all_details_deleted(chosen),
        )

    def _trashable(self, snapshot: Snapshot) -> bool:
        """Whether a Delete moves the image of ``snapshot`` to the trash: it has one, there."""
        return bool(snapshot.file_path) and snapshot.id not in self.missing

    def _all_left_in_trash(self) -> str:
        """What Delete of several says of their images when an Undo left each in the trash
        (:attr:`Snapshot.image_left_in_trash`), by this desktop's name for it, as the
        question for one does (:func:`image_left_in_trash`). Before, that they were gone
        from the disk, while the news of that Undo said to restore them from the trash."""
        return {
            Desktop.WINDOWS: self.tr(
                "Their image files are missing. They went to the Recycle Bin with their "
                "Delete, and Undo brought the artworks back without them."
            ),
            Desktop.MACOS: translate(
                "JobActions",
                "Their image files are missing. They went to the Trash with their Delete, and "
                "Undo brought the artworks back without them.",
                "macOS",
            ),
            Desktop.LINUX: translate(
                "JobActions",
                "Their image files are missing. They went to the Trash with their Delete, and "
                "Undo brought the artworks back without them.",
                "Linux",
            ),
        }[desktop.current()]

    def _all_in_trash(self) -> str:
        """What Delete of several says of their images when each is in the trash, some left
        there by an Undo and some moved there by a Delete that could not remove its artwork
        (:func:`_in_trash`), by this desktop's name for it. Before: "The image files of 2 of
        them are in the Trash already", of 2."""
        return {
            Desktop.WINDOWS: self.tr("Their image files are in the Recycle Bin already."),
            Desktop.MACOS: self.tr("Their image files are in the Trash already.", "macOS"),
            Desktop.LINUX: self.tr("Their image files are in the Trash already.", "Linux"),
        }[desktop.current()]

    def _files_gone_among(self, count: int) -> str:
        """What Delete of several says of the ``count`` of them whose image files are gone
        from the disk already. Beside an image going to the Trash, the question said "One
        image goes to the Trash" and nothing of the other's, as if it had made none."""
        if count == 1:
            return self.tr("The image file of one of them is already gone from the disk.")
        if count:
            return self.tr(
                "The image files of {count} of them are already gone from the disk."
            ).format(count=grouped(count))
        return ""

    def _in_trash_among(self, count: int) -> str:
        """What Delete of several says of the ``count`` of them whose missing image files
        are in the trash (:func:`_in_trash`), by this desktop's name for it. Before, that
        they were already gone from the disk, while their previews said they were there."""
        if count == 1:
            return {
                Desktop.WINDOWS: self.tr(
                    "The image file of one of them is in the Recycle Bin already."
                ),
                Desktop.MACOS: self.tr(
                    "The image file of one of them is in the Trash already.", "macOS"
                ),
                Desktop.LINUX: self.tr(
                    "The image file of one of them is in the Trash already.", "Linux"
                ),
            }[desktop.current()]
        if count:
            return {
                Desktop.WINDOWS: self.tr(
                    "The image files of {count} of them are in the Recycle Bin already."
                ),
                Desktop.MACOS: self.tr(
                    "The image files of {count} of them are in the Trash already.", "macOS"
                ),
                Desktop.LINUX: self.tr(
                    "The image files of {count} of them are in the Trash already.", "Linux"
                ),
            }[desktop.current()].format(count=grouped(count))
        return ""

    def _all_details_deleted(self, chosen: Sequence[Snapshot]) -> str:
        """As :meth:`_details_deleted`, of several: what any of them has, each said of those
        that have it (:meth:`_given_to_them`). Not "Their titles are" of one title among
        them, nor "you gave them" of what one alone has."""
        given, plural = self._given_to_them(chosen)
        if not given:
            return ""
        text = self.tr("{given} are deleted.") if plural else self.tr("{given} is deleted.")
        return _capitalised(fill_values(text, {"given": given}, str))

    def _moved_to_trash(self) -> str:
        sentences = {
            Desktop.WINDOWS: self.tr("Moved “{title}” to the Recycle Bin."),
            Desktop.MACOS: self.tr("Moved “{title}” to the Trash.", "macOS"),
            Desktop.LINUX: self.tr("Moved “{title}” to the Trash.", "Linux"),
        }
        return sentences[desktop.current()]

    def _several_moved_to_trash(self) -> str:
        sentences = {
            Desktop.WINDOWS: self.tr("Moved {count} artworks to the Recycle Bin."),
            Desktop.MACOS: self.tr("Moved {count} artworks to the Trash.", "macOS"),
            Desktop.LINUX: self.tr("Moved {count} artworks to the Trash.", "Linux"),
        }
        return sentences[desktop.current()]

    def _several_not_moved_to_trash(self) -> str:
        sentences = {
            Desktop.WINDOWS: self.tr(
                "The images of {count} artworks could not be moved to the Recycle Bin."
            ),
            Desktop.MACOS: self.tr(
                "The images of {count} artworks could not be moved to the Trash.", "macOS"
            ),
            Desktop.LINUX: self.tr(
                "The images of {count} artworks could not be moved to the Trash.", "Linux"
            ),
        }
        return sentences[desktop.current()]

    def _not_moved_to_trash(self) -> str:
        sentences = {
            Desktop.WINDOWS: self.tr("The image of “{0}” could not be moved to the Recycle Bin."),
            Desktop.MACOS: self.tr("The image of “{0}” could not be moved to the Trash.", "macOS"),
            Desktop.LINUX: self.tr("The image of “{0}” could not be moved to the Trash.", "Linux"),
        }
        return sentences[desktop.current()]

    def _publish(self) -> None:
        """The artwork, or each of several not published yet whose file is there (the
        publishing controller runs them side by side and counts them in the status bar).
        Of several, those whose file was found gone or damaged (their tiles say so) are
        left out, and said at once: before, "Publish 3 artworks" counted one whose tile said
        "Image unreadable", and its publish failed; those gone were left out without a word,
        and the artist took them for published."""
        snapshot = self._current("publish")
        if snapshot is None:
            return
        if not self.several:
            if publishable(snapshot) and snapshot.id not in self.missing:
                self.publish_requested.emit(snapshot)
            return
        gone = [s for s in self.several if publishable(s) and s.id in self.missing]
        waiting = [s for s in self.several if publishable(s) and s.id not in self.missing]
        chosen = [s for s in waiting if s.id not in self.unreadable]
        damaged = [s for s in waiting if s.id in self.unreadable]
        if gone or damaged:  # with none chosen, Publish is greyed (_damaged_reason)
            self.publish_left_out.emit(*self._left_out_of_publish(gone, damaged))
        if chosen:  # one call: the controller registers them together (publish_many)
            self.publish_several_requested.emit(chosen)

    def _left_out_of_publish(
        self, gone: Sequence[Snapshot], damaged: Sequence[Snapshot]
    ) -> tuple[str, str]:
        """Those a Publish of several leaves out (at least one), their image files ``gone``
        or ``damaged``, by title, as a Save of several says them; and what puts them right:
        for its banner, and its tooltip and Ctrl+P when it is greyed for them."""
        if damaged:
            left_out, advice = self._damaged_parts(damaged, PUBLISH_AGAIN)
            return join_sentences(self._missing_words(gone), left_out), advice
        return self._missing_words(gone), self._put_back_advice(gone)

    def _put_back_advice(self, gone: Sequence[Snapshot]) -> str:
        """What brings back the files of ``gone`` moved away outside the app (those a Delete
        put in the trash say their own: :meth:`_trashed_words`, :meth:`_left_in_trash_words`),
        before a Publish again:
        Download again named only when the preview offers it for one of them. Before, an
        imported artwork, never on KIE, was told to download it again."""
        outside = [s for s in gone if s.trashed_at is None and not s.image_left_in_trash]
        if not outside:
            return ""
        downloadable = any(refetchable(s) for s in outside)
        if len(outside) == 1 and downloadable:
            return self.tr(
                "Put it back where it was, under the same name, or download it again where the "
                "preview offers it, then publish it again."
            )
        if len(outside) == 1:
            return self.tr("Put it back where it was, under the same name, then publish it again.")
        if downloadable:
            return self.tr(
                "Put each back where it was, under the same name, or download it again where "
                "the preview offers it, then publish them again."
            )
        return self.tr("Put each back where it was, under the same name, then publish them again.")

    def _copy_url(self) -> None:
        if snapshot := self._current("copy_url"):
            self.copy_url_requested.emit(snapshot)

    def _unpublish(self) -> None:
        snapshot = self._current("unpublish")
        if snapshot is None:
            return
        text = self.tr(
            "Remove “{0}” from your R2 bucket?\n\nIts link stops working for everyone who has "
            "it. The artwork stays in your library and can be published again."
        ).format(whole_name(snapshot))
        if self.host.confirm(self.tr("Unpublish artwork"), text, self.tr("&Unpublish")):
            self.unpublish_requested.emit(snapshot)

    # Background work ----------------------------------------------------------------------

    def _star(self, snapshot: Snapshot, starred: bool, over: Callable[[], None]) -> None:
        """Star (or unstar) ``snapshot`` off the GUI thread in turn (:meth:`_in_turn`), then
        let every view refresh and forget the press (``over``); deleted by another program
        before the window heard of it, said by its title: the library's words ("There is no
        job 42") name a number the window shows nowhere."""
        ledger = self.bridge.session.ledger
        write = partial(ledger.update, snapshot.id, starred=starred)

        def written(changed: Snapshot) -> None:
            self.bridge.tell_changed(self.bridge.session.engine.as_shown(changed))
            over()
            name = self._starred_name(starred, 1)
            self.undo.record(name, [change_of(snapshot, changed, ("starred",))], details=False)

        unless_gone = partial(self._written_unless_gone, write, snapshot, STARRED_GONE)
        self.bridge.spawn(self._in_turn(unless_gone, over), on_done=written, write=True)

    async def carried_on(
        self,
        carry_on: Awaitable[Snapshot],
        snapshot: Snapshot,
        gone: str,
        words: Mapping[str, str] = _TITLED,
    ) -> None:
        """``carry_on`` (a Retry, a Resubmit, a Download again of ``snapshot``, a task given
        it): deleted by another program before the window heard of it, dropped by every view
        and the ``gone`` template's words raised (:meth:`_unless_gone`); a refusal for how
        another program left it meanwhile (running, completed, changed) said by the
        artwork's title (``words``: :data:`_TITLED`, or the action's own)."""
        try:
            await self._unless_gone(carry_on, snapshot, gone)
        except KontextError as error:
            by_title(error, snapshot, words)
            raise

    async def _written_unless_gone(
        self, write: Callable[[], Snapshot], snapshot: Snapshot, template: str
    ) -> Snapshot:
        """``write`` of ``snapshot`` in a worker thread, as :meth:`_unless_gone`."""
        return await self._unless_gone(asyncio.to_thread(write), snapshot, template)

    async def _unless_gone(
        self, work: Awaitable[_Written], snapshot: Snapshot, template: str
    ) -> _Written:
        """``work`` on ``snapshot``; deleted by another program before the window heard of
        it, every view drops it (:meth:`found_gone`) and ``template``'s words are raised.
        Deleted by a Delete of this window's, ended or not, it ends without words
        (:class:`DeletedHereError`): Resubmit waiting for a cancelled send's answer, then
        deleted, said "Deleted “…”." and then that another program had deleted it."""
        try:
            return await work
        except JobGoneError:
            if self.bridge.deleted_here(snapshot.id):
                raise DeletedHereError() from None
            self.found_gone([snapshot.id])
            raise _gone_words(snapshot, template) from None

    def found_gone(self, job_ids: Collection[int]) -> list[int]:
        """Every view drops at once the artworks of ``job_ids`` an action found deleted by
        another program, as when a read of the library finds them gone: the window said
        "“…” was deleted by another program, so its star was not changed." (or not
        retried, not published...) and went on showing its tile, and the full view the
        artwork, until that read, up to 2 s later. Those this window deletes, or told
        deleted, are its Delete's to tell. The ids told; for none, nothing is told together,
        as of no change (:meth:`_tell`): each action of several, most finding none gone,
        told a run of none."""
        told = [job_id for job_id in job_ids if not self._gone(job_id)]
        if not told:
            return told
        with self.bridge.together():
            for job_id in told:
                self.bridge.job_deleted.emit(job_id)
        return told

    def _found_gone_among(
        self, chosen: Sequence[Snapshot], job_ids: Collection[int], *, jobs: bool = False
    ) -> str:
        """:meth:`found_gone` of ``job_ids``, those of ``chosen`` an action of several found
        deleted by another program: the words saying how many were (:meth:`_elsewhere_words`;
        counted as ``jobs`` after words that count jobs), to follow those of what it did to
        the rest. Before, Star of three, one of them deleted by a command, said "Starred 2
        artworks." and nothing of the third."""
        told = set(self.found_gone(job_ids))
        return self._elsewhere_words([s for s in chosen if s.id in told], jobs=jobs)

    def _elsewhere_words(self, elsewhere: Sequence[Snapshot], *, jobs: bool = False) -> str:
        """That ``elsewhere`` were deleted by another program: the one by its title, more by
        their count, as ``jobs`` after the words of Retry, Resubmit or Cancel of several
        (a job that never made an image is no artwork: "Retrying 2 jobs. 2 artworks were
        deleted" went from one to the other); empty for none."""
        if len(elsewhere) == 1:
            return self.tr("“{title}” was deleted by another program.").format(
                title=sentence_title(elsewhere[0])
            )
        if not elsewhere:
            return ""
        if jobs:
            words = self.tr("{count} jobs were deleted by another program.")
        else:
            words = self.tr("{count} artworks were deleted by another program.")
        return words.format(count=grouped(len(elsewhere)))

    def _details_saved(self, saved: list[Snapshot], told: list[Snapshot]) -> None:
        """Every view shows the new details (``told``: :meth:`_write_rows`); those of
        ``saved`` published are offered to be published again (:attr:`republish_offered`).
        Before, Edit details said the copy in R2 kept the old ones until published again,
        and the window offered no way to: a published artwork has no Publish, only
        Unpublish."""
        self._all_changed(told)
        if saved:
            self.republish_offered.emit(saved)

    def _all_changed(self, snapshots: list[Snapshot]) -> None:
        """Every view shows the changes, :data:`CHANGES_PER_TURN` at a time, the loop turning
        between them: each costs its views ~50 µs, and Star of 3 000 told in one go held the
        window 150 ms. One left for a later turn is not told if the artwork is deleted or
        told changed again meanwhile (:meth:`_told`): its old copy brought a deleted one
        back as a tile. An action pressed meanwhile has them all told first
        (:meth:`_current`): else a second Star acted on rows partly told."""
        for snapshot in snapshots[CHANGES_PER_TURN:]:
            self._untold[snapshot.id] = snapshot
        if self._untold and (self._telling is None or self._telling.done()):
            self._telling = self.bridge.spawn(self._tell_rest())
            if self._telling is not None:  # known before the first are told
                self.bridge.tells_later(self._telling)
        self._tell(snapshots[:CHANGES_PER_TURN])

    def _tell(self, snapshots: Sequence[Snapshot]) -> None:
        """Every view told of ``snapshots`` together (``Bridge.together``); of none, nothing
        is: each action pressed told a run of none, and the library took out at once the
        tiles a Delete of several going on had deleted, not in its runs
        (``LibraryModel.GOING_MS``)."""
        if not snapshots:
            return
        engine = self.bridge.session.engine
        with self.bridge.together():
            for snapshot in snapshots:
                self.bridge.tell_changed(engine.as_shown(snapshot))

    async def _tell_rest(self) -> None:
        while self._untold:
            await asyncio.sleep(0)  # the window answers between them
            told = list(itertools.islice(self._untold, CHANGES_PER_TURN))
            self._tell([self._untold.pop(job_id) for job_id in told])

    def bring_up_to_date(self) -> None:
        """Every change still untold (:meth:`_all_changed`) told, and the actions pointed at
        the artworks as they now are (:attr:`acting`): before an action acts, and before a
        menu of them shows, which offered what the put-off actions said (of two just
        starred elsewhere, "Star 2 artworks", where Star takes their stars off)."""
        self._tell_now()
        self.acting.emit()
        self._leave_out_gone()

    def _leave_out_gone(self) -> None:
        """The actions pointed at those selected that are still there: not those deleted,
        or being deleted (``Bridge.deleting``), whose tiles stay selected in the grid a
        moment after (``LibraryModel.GOING_MS``). A second Delete pressed then asked about
        them again and deleted them twice; Star, Publish or Retry acted on them."""
        if not self.several:
            if self.snapshot is not None and self._gone(self.snapshot.id):
                self.set_snapshot(None)
            return
        left = [s for s in self.several if not self._gone(s.id)]
        if len(left) == len(self.several):
            return
        current = self.snapshot
        if current is None or self._gone(current.id):
            current = left[0] if left else None
        if current is not None and len(left) > 1:
            self.set_several(current, left, self.missing, self.unreadable)
        else:
            self.set_snapshot(
                current, file_missing=current is not None and current.id in self.missing
            )

    def _gone(self, job_id: int) -> bool:
        return job_id in self._deleted or job_id in self.bridge.deleting

    def _tell_now(self) -> None:
        untold, self._untold = list(self._untold.values()), {}
        self._tell(untold)

    def _write_rows(
        self,
        write: Callable[[], Awaitable[list[Snapshot]]],
        then: Callable[[list[Snapshot], list[Snapshot]], None],
    ) -> None:
        """Await ``write`` (Star or Add tags of several, Rename or Edit details of one, each
        written in a worker thread), then hand ``then`` the rows it wrote of those not
        deleted while it wrote (thousands, seconds) or before its rows came back, and of
        them those to tell the views of: not one told anew meanwhile (:meth:`_told`). The
        copy of a deleted one, told after, brought it back as a tile, and offered to
        publish it again."""
        meanwhile = _Meanwhile()
        self._meanwhile.append(meanwhile)

        async def written() -> list[Snapshot]:
            try:
                return await write()
            except BaseException:
                self._meanwhile.remove(meanwhile)
                raise

        def done(saved: list[Snapshot]) -> None:
            self._meanwhile.remove(meanwhile)
            kept = [snapshot for snapshot in saved if snapshot.id not in meanwhile.gone]
            then(kept, [snapshot for snapshot in kept if not meanwhile.outdates(snapshot)])

        self.bridge.spawn(written(), on_done=done, write=True)

    def _told(self, value: object) -> None:
        """A copy of an artwork as new as the one not told yet was told (the engine, another
        action): the older one is not told after it (:meth:`Snapshot.older_than`: an Undo
        of a Delete points a job at the artwork it brought back with a note, which leaves
        ``updated_at`` as it was, and a copy read before it, taken for as new, went on
        naming the artwork as deleted)."""
        if not (self._untold or self._meanwhile):
            return
        snapshot = snapshot_of(value)
        for meanwhile in self._meanwhile:
            meanwhile.told[snapshot.id] = snapshot.version
        untold = self._untold.get(snapshot.id)
        if untold is not None and not snapshot.older_than(untold):
            del self._untold[snapshot.id]

    def _untold_gone(self, job_id: int) -> None:
        self._deleted.add(job_id)
        self._untold.pop(job_id, None)
        for meanwhile in self._meanwhile:
            meanwhile.gone.add(job_id)

    async def _delete_several_jobs(
        self, snapshots: Sequence[Snapshot], asked: float
    ) -> list[Snapshot]:
        """:meth:`_delete_jobs`, then :attr:`deleted_several`, however it ends."""
        try:
            return await self._delete_jobs(snapshots, asked=asked)
        finally:
            self.deleted_several.emit([snapshot.id for snapshot in snapshots])

    async def _delete_again(self, rows: list[Snapshot], redid: str) -> tuple[list[Deleted], str]:
        """Redo of a Delete: ``rows``, brought back by its Undo, deleted again as it deleted
        them, without its question, its words led by ``redid``; what it removed, for the
        next Undo, and its name there: with an image the trash refused kept, "Undo Delete 3
        artworks" brought back 2."""
        removed: list[Deleted] = []
        refused = await self._delete_jobs(
            rows, asked=time.monotonic(), undone_as=removed, redid=redid
        )
        self._trash_refused(refused)
        return removed, self._deleted_name(len(removed))

    async def _keep_images(
        self, snapshots: Sequence[Snapshot]
    ) -> tuple[dict[int, KeptImage], dict[int, str]]:
        """The app's own links to the images of ``snapshots`` that go to the trash
        (:func:`keep_image`), and the paths naming no file their rows hold
        (:meth:`~kontext_studio.store.ledger.Ledger.unnamed_files`), read in one trip to a
        worker thread, for Undo to bring back; by id. Not of a job still running: it comes
        back from no Undo (its task may still be answered, and the row that took it is gone)."""
        kept_back = [s for s in snapshots if not s.state.is_active]
        chosen = [s for s in kept_back if self._trashable(s)]
        unnamed = [s.id for s in kept_back if not s.file_path]
        ledger = self.bridge.session.ledger

        def keep() -> tuple[dict[int, KeptImage], dict[int, str]]:
            # Read first: its failure stops the Delete, and a link made before it stayed
            # with no Undo to reach it, the image's bytes held until the window closed.
            stored = ledger.unnamed_files(unnamed) if unnamed else {}
            own = self._undo_folder.claimed() if chosen else None
            budget = self._undo_folder.copies
            if own is not None:
                budget.forget_gone()  # those of Deletes undone or let go of since
            kept = {s.id: keep_image(Path(s.file_path), own, budget) for s in chosen}
            return {job_id: path for job_id, path in kept.items() if path is not None}, stored

        return await asyncio.to_thread(keep) if chosen or unnamed else ({}, {})

    def _deleted_name(self, count: int) -> str:
        """How Undo names a Delete of ``count`` artworks ("Undo Delete 3 artworks")."""
        if count == 1:
            return self.tr("Delete")
        return self.tr("Delete {count} artworks").format(count=grouped(count))

    async def _delete_jobs(
        self,
        snapshots: Sequence[Snapshot],
        *,
        asked: float,
        for_good: bool = False,
        undone_as: list[Deleted] | None = None,
        redid: str = "",
    ) -> list[Snapshot]:
        """Delete the jobs one after the other; those whose image the trash refused are
        kept as they were, and returned. Told together (``Bridge.together``): their tiles
        leave the grid a run at a time (``LibraryModel.GOING_MS``). One by one, each moved
        every tile after it, and the grid was painted and the actions of those still
        selected worked out again at each: 2 000 took 23 s, 1 000 10 s. Refused by the
        library (another program holds it), the Delete stops there, and its words say how
        many of several were not deleted: before, only why, as if the rest had gone.
        ``asked``: when its question was (``time.monotonic``), for its words
        (:meth:`_say_gone`). Kept for Undo (not one for good, nor a job still running),
        or, a Redo's, its removals put in ``undone_as`` and its words led by ``redid``."""
        refused: list[Snapshot] = []
        removed: list[Deleted] = [] if undone_as is None else undone_as
        links: dict[int, KeptImage] = {}
        unnamed: dict[int, str] = {}
        kept: Snapshot | None = None
        went: list[tuple[Snapshot, bool]] = []  # each deleted, and whether to the trash
        elsewhere: list[Snapshot] = []  # found deleted by another program meanwhile
        unkept: list[Snapshot] = []  # whose image no Undo brings back: no link kept

        def undone(number: int) -> str:  # stopped at the ``number``th: how many stayed
            deleted = number - 1 - len(refused)
            return self._not_deleted_of(len(snapshots) - deleted, len(snapshots))

        engine = self.bridge.session.engine
        ids = [s.id for s in snapshots]
        # Those whose image goes to the trash, as the question said (_go_to_trash): the
        # status bar says where they go while they do.
        to_trash = [] if for_good else [s.id for s in snapshots if self._trashable(s)]
        # The lock is let go of once the rows have left (together's end), not between the
        # last and their leaving: a turn of the loop there took the deleted tile out by the
        # timer, and the full view, shown nothing a moment, closed.
        with self.bridge.deleting_jobs(ids, to_trash):
            async with engine.deleting_together(ids, for_good=for_good):
                if not for_good:
                    links, unnamed = await self._keep_images(snapshots)
                with self.bridge.together():
                    for number, snapshot in enumerate(snapshots, start=1):
                        try:
                            gone = await engine.delete(snapshot.id, for_good=for_good)
                        except TrashError:
                            refused.append(snapshot)
                            self.bridge.delete_passed_over(snapshot.id)
                            continue
                        except TrashedNotDeletedError as error:
                            words = self._trashed_not_deleted(snapshot, error, undone(number))
                            self.bridge.report(error, words=words)
                            kept = snapshot
                            break
                        except KontextError as error:
                            if len(snapshots) == 1:
                                # One unlink at most.
                                forget_kept([link.path for link in links.values()])
                                raise
                            reason = explain(error)
                            words = Explanation(
                                reason.message, join_sentences(reason.hint, undone(number))
                            )
                            self.bridge.report(error, words=words)
                            break
                        # Its Enter task ID box goes first: told with the views, it says
                        # another program deleted the job.
                        if (box := self.bridge.task_boxes.get(snapshot.id)) is not None:
                            box.deleted_here()
                        self.bridge.job_deleted.emit(snapshot.id)
                        if gone is None:
                            elsewhere.append(snapshot)
                        else:
                            # Deleted for good, its image is in no trash, whatever the row
                            # says: a refused trash's note the busy library kept stays.
                            trashed = not for_good and gone.trashed_at is not None
                            went.append((snapshot, trashed))
                            if not (for_good or gone.state.is_active):
                                link = links.pop(snapshot.id, None)
                                removed.append(Deleted(gone, link, unnamed.get(gone.id, "")))
                                if link is None and trashed and self._trashable(snapshot):
                                    unkept.append(snapshot)
        if links:  # of those not deleted
            self.bridge.spawn(
                asyncio.to_thread(forget_kept, [link.path for link in links.values()])
            )
        kept_for_undo = {each.row.id for each in removed}
        self.undo.not_kept(
            [s.id for s, _trashed in went if s.id not in kept_for_undo] + [s.id for s in elsewhere]
        )
        if undone_as is None and not for_good:
            self.undo.record_delete(self._deleted_name(len(removed)), removed)
        self._say_gone(went, elsewhere, asked, self._images_not_kept(unkept), redid)
        if kept is not None:
            await self._noted_trashed(kept)
        return refused

    def _images_not_kept(self, unkept: Sequence[Snapshot]) -> str:
        """What a Delete says of ``unkept``, whose images went to the trash while no link or
        copy of them could be kept (the disk full): Undo brings them back without their
        images. Before, nothing was said, and the question had promised it all back."""
        if len(unkept) == 1:
            return self.tr(
                "Edit ▸ Undo will bring back “{title}” without its image: no copy of it could "
                "be kept."
            ).format(title=sentence_title(unkept[0]))
        if unkept:
            return self.tr(
                "Edit ▸ Undo will bring back {count} artworks without their images: no copy "
                "of them could be kept."
            ).format(count=grouped(len(unkept)))
        return ""

    def _say_gone(
        self,
        went: Sequence[tuple[Snapshot, bool]],
        elsewhere: Sequence[Snapshot],
        asked: float,
        unkept: str = "",
        redid: str = "",
    ) -> None:
        """Say in the status bar what a Delete removed (``went``: each, and whether its
        image is in the trash), as the question named it: the tile just went, without a
        word. Not those the trash refused or the library kept: they have words of their
        own. A job with no image (failed, cancelled) is said deleted, not moved. Those
        another program deleted while the question was open (``elsewhere``: the CLI, its
        image in the trash) are said so: "Deleted" claimed them, as if removed for good.

        With what the Deletes (of either panel) that ended while it was asked or ran (since
        ``asked``) said, while their words may still be up (:data:`STATUS_MESSAGE_MS`): two
        that end together say what both deleted. Before, the second's words took the place
        of the first's a moment after they came, and "Moved 3 artworks to the Trash." was
        never read; so too of one that ended behind the second's question. Not those of a
        Delete that ended before it was asked: deleting the bad ones one after the other,
        each names the one it moved.

        However many end so, the words that take the place of others count all those did:
        words said together are kept as one (:attr:`Bridge.deletes_said`). Before, each
        Delete kept only what it deleted itself, and of three, the last to end counted the
        one whose words it replaced without the one those words had counted: "Moved 4
        artworks" took the place of "Moved 4 artworks", one short. ``unkept``: what this
        Delete says of images Undo will not bring back (:meth:`_images_not_kept`); ``redid``:
        the words a Redo of a Delete leads with ("Redid Delete.")."""
        now = time.monotonic()
        lately = self.bridge.deletes_said
        lately[:] = [one for one in lately if now - one.at < STATUS_MESSAGE_MS / 1000]
        if not went and not elsewhere:
            return
        together = [one for one in lately if one.at >= asked]
        went = [*(each for one in together for each in one.went), *went]
        elsewhere = [*(each for one in together for each in one.elsewhere), *elsewhere]
        lately[:] = [one for one in lately if one.at < asked]
        lately.append(DeleteSaid(tuple(went), tuple(elsewhere), now))
        moved = [snapshot for snapshot, trashed in went if trashed]
        others = [snapshot for snapshot, trashed in went if not trashed]
        said = [redid]
        if len(moved) == 1:
            said.append(self._moved_to_trash().format(title=sentence_title(moved[0])))
        elif moved:
            said.append(self._several_moved_to_trash().format(count=grouped(len(moved))))
        if len(others) == 1:
            said.append(self.tr("Deleted “{title}”.").format(title=sentence_title(others[0])))
        elif others:
            said.append(self.tr("Deleted {count} artworks.").format(count=grouped(len(others))))
        said.append(self._elsewhere_words(elsewhere))
        said.append(unkept)
        words = join_sentences(*said)
        if words:
            self.notice.emit(words)

    def _not_deleted_of(self, count: int, chosen: int) -> str:
        """How many (``count``) of the ``chosen`` artworks a Delete that stopped did not
        delete; nothing of one alone, which its words name."""
        if chosen == 1:
            return ""
        if count == chosen:
            return self.tr("None of the {chosen} artworks chosen were deleted.").format(
                chosen=grouped(chosen)
            )
        if count == 1:
            return self.tr("1 of the {chosen} artworks chosen was not deleted.").format(
                chosen=grouped(chosen)
            )
        return self.tr("{count} of the {chosen} artworks chosen were not deleted.").format(
            count=grouped(count), chosen=grouped(chosen)
        )

    async def _noted_trashed(self, kept: Snapshot) -> None:
        """Tell the views of ``kept`` as a Delete that trashed its image and could not
        remove it left it: noted so (:attr:`Snapshot.trashed_at`), its preview says its
        image is in the trash. Before, the window kept it as it was before the Delete, and
        its preview said the image was "moved or deleted outside Kontext Studio"."""
        ledger = self.bridge.session.ledger
        try:
            noted = await asyncio.to_thread(ledger.get, kept.id)
        except KontextError:  # the banner said what happened; the views stay as they were
            return
        if noted is not None:
            self.bridge.tell_changed(self.bridge.session.engine.as_shown(noted))

    def _trashed_not_deleted(
        self, snapshot: Snapshot, error: TrashedNotDeletedError, undone: str
    ) -> Explanation:
        """The words of a Delete that moved the image of ``snapshot`` to the trash and
        could not remove the artwork (:class:`TrashedNotDeletedError`): where its image is,
        why the artwork stayed (with what to do about a busy library: a second Delete meets
        the same refusal while the other program holds it), and what each way on does.
        Before, only why was said ("Another program is using the library."), as if nothing
        had been done. ``undone``: how many of those chosen with it (it among them) were
        not deleted (:meth:`_not_deleted_of`), the library refusing them too, or the trash
        their images: first nothing was said of them, then "The other artwork chosen was
        not deleted." of one of two."""
        messages = {
            Desktop.WINDOWS: self.tr(
                "The image of “{0}” was moved to the Recycle Bin, but the artwork could not be "
                "removed from the library."
            ),
            Desktop.MACOS: QCoreApplication.translate(
                "JobActions",
                "The image of “{0}” was moved to the Trash, but the artwork could not be "
                "removed from the library.",
                "macOS",
            ),
            Desktop.LINUX: QCoreApplication.translate(
                "JobActions",
                "The image of “{0}” was moved to the Trash, but the artwork could not be "
                "removed from the library.",
                "Linux",
            ),
        }
        todos = {
            Desktop.WINDOWS: self.tr(
                "Delete it again to finish removing it, or restore its image from the Recycle "
                "Bin to keep it."
            ),
            Desktop.MACOS: QCoreApplication.translate(
                "JobActions",
                "Delete it again to finish removing it, or restore its image from the Trash to "
                "keep it.",
                "macOS",
            ),
            Desktop.LINUX: QCoreApplication.translate(
                "JobActions",
                "Delete it again to finish removing it, or restore its image from the Trash to "
                "keep it.",
                "Linux",
            ),
        }
        current = desktop.current()
        message, todo = messages[current], todos[current]
        reason = explain(error.reason)
        # Only a busy library's advice (close that program) leads to the Delete again said
        # next; the storage words' ("free disk space or choose another folder") do not.
        advice = reason.hint if isinstance(error.reason, LibraryBusyError) else ""
        return Explanation(
            message.format(whole_name(snapshot)),
            join_sentences(reason.message, advice, todo, undone),
        )


@dataclass
class _Meanwhile:
    """What was told of the artworks while a write of them went on
    (:meth:`JobActions._write_rows`): those deleted, and the copies told, by id."""

    gone: set[int] = field(default_factory=set)
    told: dict[int, tuple[int, float]] = field(default_factory=dict)

    def outdates(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot``, as written, is to be told no more: a copy as new was told
        meanwhile. (One deleted meanwhile is not asked about: the write's rows leave it out
        first.)"""
        told = self.told.get(snapshot.id)
        return told is not None and told >= snapshot.version


def set_starred(ledger: Ledger, ids: Sequence[int], starred: bool) -> list[Snapshot]:
    """Blocking: star (or unstar) each job of ``ids``; one deleted meanwhile (by another
    program) is passed over. Every row is read and written in one transaction, and one
    starred already (or not, to unstar) is left unwritten. The rows as the library holds
    them now, those changed and those left so: every one starred (or not). Refused by the
    library (another program holds it), none is: a transaction for each row had starred
    those before the refusal, and the window, told of none, showed them unstarred."""
    held = []
    unlike = {"starred": not starred}
    with ledger.batch():
        for job_id in ids:
            try:
                held.append(ledger.update(job_id, starred=starred, expect_values=unlike))
            except JobChanged as changed:
                if changed.current is not None:  # so already: another program, another view
                    held.append(changed.current)
    return held


def rgba_image(width: int, height: int, data: bytes) -> QImage:
    """Wrap ready RGBA bytes in a QImage that owns its pixels (the bytes may go away)."""
    return QImage(data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()


async def load_image(path: Path, max_side: int | None = None) -> QImage:
    """Decode ``path`` in a worker thread; only the cheap wrap happens on the GUI thread."""
    decoded = await asyncio.to_thread(image_thumbnails.decode_rgba, path, max_side)
    return rgba_image(decoded.width, decoded.height, decoded.data)
