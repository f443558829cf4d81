"""Publishing as the library sees it: the ledger row is written only after R2 has the image.

``published_url`` holds the public URL when the bucket has a public base. Without one it stays
empty, because a presigned URL expires: :func:`artwork_url` makes a fresh one on demand from
``published_key``, which is the truth.

Everything here blocks (network, disk, hashing); run it in a worker thread.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from kontext_studio.config import remove_untouched
from kontext_studio.errors import (
    ArtworkBeingDeletedError,
    ImageLeftInTrashError,
    ImageMissingError,
    ImageTrashedError,
    JobGoneError,
    KontextError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    PublishedElsewhereError,
    PublishError,
    PublishNetworkError,
    PublishSetupError,
    Refusal,
    StorageError,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.export import NEW_FILE_MODE
from kontext_studio.images.metadata import without_location
from kontext_studio.images.validate import (
    UPLOAD_LIMITS,
    ImageInfo,
    checked_bytes,
    inspect_image,
)
from kontext_studio.images.whole import DOES_NOT_OPEN, PUBLISH_AGAIN, damaged_in_library
from kontext_studio.jobs.deleting import delete_under_way
from kontext_studio.jobs.files import trash_note_as_read, trash_note_stale
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import refetchable
from kontext_studio.publish.manifest import ArtworkMeta
from kontext_studio.publish.publisher import Publisher, PublishResult
from kontext_studio.publish.r2_config import host_spellings, same_host
from kontext_studio.publish.shared_images import Step
from kontext_studio.publish.transfer import ProgressCallback
from kontext_studio.store.ledger import JobChanged, Ledger, Snapshot
from kontext_studio.tags import split_tags

log = logging.getLogger(__name__)

IMPORTING = ".importing"
"""The folder, inside the library's, where an import's copy is written before it is renamed
into place: a copy cut short (the app killed, a power cut) is left there, apart from the
artworks, and removed by a later import (:data:`CUT_COPY_AGE_S`)."""
CUT_COPY_AGE_S = 3600.0
"""A copy in :data:`IMPORTING` untouched this long is one a killed process left: no copy of
an image the limits take (at most 100 MB) takes that long, and another process importing
beside this one may be writing a younger one."""


def artwork_meta(snapshot: Snapshot) -> ArtworkMeta:
    """The descriptive half of a ledger row, as the publisher takes it."""
    return ArtworkMeta(
        id=snapshot.id,
        title=snapshot.display_title,
        description=snapshot.description,
        tags=tuple(snapshot.tag_list),
        source=snapshot.source,
        prompt=snapshot.prompt,
        model=snapshot.model,
        ratio=snapshot.ratio,
        width=snapshot.width,
        height=snapshot.height,
        sha256=snapshot.sha256,
        created_at=snapshot.created_at,
    )


NOT_IN_LIBRARY = QT_TRANSLATE_NOOP("Errors", "artwork {id} is not in the library")
"""An artwork deleted (by another window or a command) before its publish or unpublish
read it; named by its number, as the command line does."""
REMOVED_THEN_GONE = QT_TRANSLATE_NOOP(
    "Errors",
    "artwork {id} was removed from the bucket, but it was deleted from the library meanwhile",
)
"""An artwork deleted once its unpublish had removed it from the bucket, before that was
recorded: nothing of it is left there."""
RETIRED_THEN_GONE = QT_TRANSLATE_NOOP(
    "Errors",
    "an earlier version of artwork {id} was removed from the bucket, but the artwork was "
    "deleted from the library meanwhile: the version published last stays there",
)
"""An artwork deleted once its unpublish had removed the version a republish let go of,
before the one published last: that one stays in the bucket."""
NOT_FINISHED = QT_TRANSLATE_NOOP(
    "Errors", "Artwork {id} has no finished image, so there is nothing to publish."
)
NO_IMAGE_FILE = QT_TRANSLATE_NOOP(
    "Errors", "Artwork {id} has no image file, so there is nothing to publish."
)
"""These and :data:`ELSEWHERE`, :data:`ELSEWHERE_AT`, :data:`LEFT_THERE`,
:data:`ELSEWHERE_UNSET` and :data:`LEFT_UNSET` name the artwork by its number, as the command
line does (its users type it); the window names it by its title instead
(``kontext_studio.ui.job_actions.by_title``)."""


def _existing(ledger: Ledger, artwork_id: int) -> Snapshot:
    snapshot = ledger.get(artwork_id)
    if snapshot is None:
        raise PublishError.worded(NOT_IN_LIBRARY, id=artwork_id)
    return snapshot


class PublishCancel(threading.Event):
    """Cancel for one publish, which the artist may press while a request waits on a silent
    server: :meth:`request` answers at once whether the publish will record nothing, so
    "cancelled" can be said before the worker's request ends. The worker checks it (it is
    the Event the publisher reads) and :meth:`claim` s the record as its last step; from
    then on a request is too late, and the publish is finishing."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._claimed = False
        self._requested = False

    @property
    def requested(self) -> bool:
        """Whether a stop was asked (:meth:`request`), too late or not."""
        return self._requested

    def request(self) -> bool:
        """Ask to stop; True when the publish will not be recorded (it may still end later,
        discarding what it sent), False when it already is being recorded."""
        with self._lock:
            self._requested = True
            if not self._claimed:
                self.set()
            return not self._claimed

    def claim(self) -> bool:
        """Reserve the right to record; False once a cancel was requested."""
        with self._lock:
            self._claimed = not self.is_set()
            return self._claimed


def publish_artwork(
    ledger: Ledger,
    publisher: Publisher,
    artwork_id: int,
    *,
    progress: ProgressCallback | None = None,
    cancel: PublishCancel | None = None,
) -> Snapshot:
    """Publish a finished artwork and record where it went; a version published before
    under other bytes is removed. A failed or cancelled publish raises and records nothing
    new; once ``cancel`` was requested it never records the artwork as published. One
    recorded as published in another bucket than ``publisher``'s is refused
    (:func:`_require_here`). One an Undo of a Delete brought back without its image, which
    went to the trash with the Delete (:attr:`Snapshot.image_left_in_trash`), says so of its
    image missing (:class:`ImageLeftInTrashError`), here and in the command line alike."""
    snapshot = _without_stale_trash_note(ledger, _existing(ledger, artwork_id))
    _require_here(snapshot, publisher, _REPUBLISH_THERE)
    snapshot = _retire(ledger, publisher, snapshot)
    # Nothing to publish is the artwork's state, not R2's: not worded as a publishing
    # failure, whose words send the artist to the R2 settings.
    if snapshot.state is not JobState.COMPLETED:
        raise Refusal.worded(NOT_FINISHED, id=artwork_id)
    if not snapshot.file_path:
        raise Refusal.worded(NO_IMAGE_FILE, id=artwork_id)
    path = Path(snapshot.file_path)
    note = _Note()
    try:
        result = publisher.publish(
            path,
            artwork=artwork_meta(snapshot),
            progress=progress,
            cancel=cancel,
            owner=partial(_owner, ledger, publisher, artwork_id),
            placing=partial(_placing, ledger, publisher, snapshot, note),
            likely_there=bool(snapshot.published_key),
        )
    except DOES_NOT_OPEN as error:
        raise damaged_in_library(path, PUBLISH_AGAIN, downloadable=refetchable(snapshot)) from error
    except ImageMissingError as error:
        # Deleted meanwhile (by another window or a command): its image went to the trash
        # before its row went. "Put it back in the library folder" was advice for nothing.
        now = ledger.get(artwork_id)
        if now is None:
            raise PublishError.worded(NOT_IN_LIBRARY, id=artwork_id) from error
        if now.trashed_at is not None and delete_under_way(ledger.path, artwork_id):
            raise ArtworkBeingDeletedError() from error
        if now.trashed_at is not None and ledger.get(artwork_id) is None:
            # The Delete ended between the two looks, removing the artwork (its lock goes
            # once the row has): not "could not remove the artwork".
            raise PublishError.worded(NOT_IN_LIBRARY, id=artwork_id) from error
        if now.trashed_at is not None:
            # A Delete moved it to the trash and could not remove the row: not "moved or
            # deleted outside Kontext Studio".
            raise ImageTrashedError(path.name) from error
        if now.image_left_in_trash:  # not "moved or deleted outside Kontext Studio"
            raise ImageLeftInTrashError(path.name) from error
        raise _missing_from_library(path) from error
    except PublishCancelledUncleanError:
        raise  # stopped before it took back what it sent: its key stays noted (_placing)
    except PublishCancelledError:
        _placed_nothing(ledger, publisher, snapshot, note)
        raise
    if cancel is not None and not cancel.claim():
        # Cancelled after the bucket had it all: take back what this publish did. The
        # record, and the version it names, stay as they were.
        _take_back(ledger, publisher, artwork_id, result)
        _placed_nothing(ledger, publisher, snapshot, note)
        raise PublishCancelledError("publishing was cancelled")
    # The record moves to the new version before the old one (an edited file's, under other
    # bytes) is removed: whenever the process stops, the record names an image the bucket
    # has. The old key is recorded in the same write, until it is gone (:func:`_retire`).
    # The bytes published are the truth from now on: an edited file's new hash, length and
    # pixel size go into the record with the publish, so the next publish finds them as
    # recorded and the library shows what the manifest says. So does the bucket: the old
    # version is in it too (_require_here). An edited file is no copy of the file it was
    # imported from any more (_no_longer_a_copy).
    replaced = snapshot.published_key if snapshot.published_key != result.key else ""
    # A first publish that sent its image noted its key (_placing): recorded only while the
    # note is there. Another window's Remove from bucket (or a command's unpublish) of what
    # it took for a stopped publish clears the note before it removes the image; recorded
    # after that, the artwork was "published" at a link to nothing. A republish, only while
    # the record names the version it replaces and its own note: another window's Unpublish
    # removes both (the noted new one as a retired version) and clears the record.
    noted: dict[str, Any] | None = None
    if snapshot.published_key:
        noted = {
            "published_key": snapshot.published_key,
            "retired_key": note.key or snapshot.retired_key,
        }
    elif result.uploaded:
        noted = {"retired_key": result.key}
    try:
        recorded = ledger.update(
            artwork_id,
            expect_values=noted,
            published_key=result.key,
            published_url=result.url if publisher.has_public_base else "",
            published_at=time.time(),
            sha256=result.sha256 or snapshot.sha256,
            file_size=result.size,
            width=result.width if result.width is not None else snapshot.width,
            height=result.height if result.height is not None else snapshot.height,
            retired_key=replaced,
            # Read in its place: no longer where an Undo of a Delete left it (restored from
            # the trash while no window looked). Moved away later, it was said to be there.
            image_left_in_trash=False,
            removal_failed="",  # its image is that of this publish now, as it is recorded
            **_location(publisher),
            **_no_longer_a_copy(snapshot, result),
        )
    except KontextError as error:
        if (published := _published_meanwhile(error, publisher, result)) is not None:
            return published
        # Not recorded (the library locked by another program, a full disk): the artist is
        # told the publish failed, so what it put in the bucket must not stay public with
        # no record to unpublish it by. What the record names already stays; the version it
        # named when this publish began goes once the record names it no more (unpublished
        # by another window or command meanwhile; an artwork deleted stays published, as
        # its Delete said). That version was left public with no record: a window's
        # Unpublish left it to this publish, which was placing it, and a command's removed
        # it before this publish wrote its manifest again, describing a deleted image.
        let_go = (
            isinstance(error, JobChanged)
            and error.current is not None
            and result.key == snapshot.published_key
        )
        if let_go or result.key != snapshot.published_key:
            _take_back_logged(ledger, publisher, artwork_id, result, let_go=let_go)
        if isinstance(error, JobChanged) and error.current is not None:
            raise PublishError.worded(CHANGED_MEANWHILE, id=artwork_id) from error
        raise
    try:
        return _retire(ledger, publisher, recorded)
    except KontextError as error:  # published all the same; the next publish tries again
        log.warning(
            "the version published before could not be removed",
            extra={"event": "publish_retire_failed", "artwork_id": artwork_id, "kind": error.kind},
        )
        return recorded


def _published_meanwhile(
    error: KontextError, publisher: Publisher, result: PublishResult
) -> Snapshot | None:
    """The record as another window or command left it, when its own publish of this artwork
    recorded the very image this one placed, in this bucket, while this one ran (its Publish
    took this one's noted key for what a stopped publish left, removed it, and sent the same
    bytes again). Taken back, that image went from under the record naming it: the artwork
    stayed 'published' at a link to nothing. None for any other refusal."""
    current = error.current if isinstance(error, JobChanged) else None
    config = publisher.config
    if (
        current is None
        or current.published_key != result.key
        or not recorded_in(current, config.bucket, config.host)
    ):
        return None
    log.info(
        "published meanwhile by another window or command",
        extra={"event": "publish_recorded_meanwhile", "artwork_id": current.id},
    )
    return current


def _no_longer_a_copy(snapshot: Snapshot, result: PublishResult) -> dict[str, Any]:
    """The record's original (:attr:`Snapshot.original_sha256`) forgotten with a publish of
    other bytes than recorded, the artwork's file edited since: importing the file it was
    made from again adds that file as an artwork of its own, as it did when the record's
    hash was all that found it, instead of taking the edit for it (or putting the file back
    in place of a missing edit)."""
    edited = bool(result.sha256) and result.sha256 != snapshot.sha256
    return {"original_sha256": ""} if edited and snapshot.original_sha256 else {}


def _without_stale_trash_note(ledger: Ledger, snapshot: Snapshot) -> Snapshot:
    """``snapshot`` with its note that a Delete moved its image to the trash taken back,
    when its image is there as recorded (:func:`trash_note_stale`): published, and then
    moved away outside the app, it was said to be in the trash. As it was read when the
    row changed meanwhile."""
    if not trash_note_stale(ledger.path, snapshot):
        return snapshot
    try:
        return ledger.note(snapshot.id, expect_values=trash_note_as_read(snapshot), trashed_at=None)
    except JobChanged:
        return snapshot


def _missing_from_library(path: Path) -> ImageMissingError:
    """The artwork's file gone from the library folder, moved or deleted outside the app
    (perhaps after Publish was chosen): said as such, with where it belongs and what brings
    it back. The publisher's words name only a file it cannot read, and what they say to do
    fits a file the artist chose ("check the file's name"), not one the library named."""
    return ImageMissingError.worded(
        QT_TRANSLATE_NOOP("Errors", "{name} is no longer in the library folder {folder}"),
        name=path.name,
        folder=str(path.parent),
    ).advising(
        QT_TRANSLATE_NOOP(
            "Errors",
            "If it was moved or deleted outside Kontext Studio, put it back in that folder "
            "under the same name, then publish it again.",
        )
    )


def _take_back(
    ledger: Ledger,
    publisher: Publisher,
    artwork_id: int,
    result: PublishResult,
    *,
    let_go: bool = False,
) -> None:
    """Remove what a publish that is not recorded sent, or, for an image it found there,
    write its manifest again for the artwork whose record names it (the publish wrote it
    for its own). ``let_go``: the image is the artwork's own, which its record no longer
    names, found there or sent, removed as one sent is."""
    if result.uploaded or let_go:
        _release(ledger, publisher, artwork_id, result.key)
    elif (other := _owner(ledger, publisher, artwork_id, result.key)) is not None:
        publisher.describe(result.key, other)


def _take_back_logged(
    ledger: Ledger,
    publisher: Publisher,
    artwork_id: int,
    result: PublishResult,
    *,
    let_go: bool = False,
) -> None:
    """:func:`_take_back`, for a publish that failed already: its own failure (R2 gone
    meanwhile) is logged, and the next publish finds the image and records it."""
    try:
        _take_back(ledger, publisher, artwork_id, result, let_go=let_go)
    except KontextError as error:
        log.warning(
            "what an unrecorded publish sent could not be removed",
            extra={
                "event": "publish_take_back_failed",
                "artwork_id": artwork_id,
                "kind": error.kind,
            },
        )


def _retire(ledger: Ledger, publisher: Publisher, snapshot: Snapshot) -> Snapshot:
    """Remove the version ``snapshot`` let go of (:attr:`Snapshot.retired_key`) from the
    bucket, then forget it; the snapshot as it is when there is none. Raises, keeping it
    recorded, when the bucket cannot be reached."""
    retired = snapshot.retired_key
    if not retired or snapshot.may_be_gone:
        # The published image an unpublish stopped removing stays noted until a publish
        # records it again, or an unpublish clears the record: a publish or unpublish that
        # failed after this left it "published" at a link that may lead to nothing.
        return snapshot
    _release(ledger, publisher, snapshot.id, retired)
    # Not published, nothing of it is left there: a failed removal noted is over, and a
    # publish stopped later must not have its leftover said "Removal failed".
    over: dict[str, Any] = {} if snapshot.published_key else {"removal_failed": ""}
    return ledger.update(snapshot.id, retired_key="", **over, **_nowhere_unless_published(snapshot))


def _nowhere_unless_published(snapshot: Snapshot) -> dict[str, Any]:
    """The record's bucket cleared with the last key it names: that of an artwork not
    published, once the image a stopped first publish may have left there is gone."""
    return {} if snapshot.published_key else {"published_bucket": "", "published_host": ""}


def unpublish_artwork(ledger: Ledger, publisher: Publisher, artwork_id: int) -> Snapshot:
    """Remove the artwork's image and manifest from the bucket and clear the record.
    Unpublishing an artwork that is not published only clears the record. One recorded as
    published in another bucket than ``publisher``'s is refused (:func:`_require_here`).
    A publish another window or command recorded while this one removed the version it
    read is unpublished too, as if it had ended first: the record was cleared over it,
    and its image stayed public with no record of it. One R2 did not take (not reached,
    the keys or the request refused, cut) is noted in the record
    (:func:`_note_removal_failed`)."""
    unpublished = None
    while unpublished is None:
        snapshot = _existing(ledger, artwork_id)
        try:
            unpublished = _unpublish_as_read(ledger, publisher, snapshot)
        except PublishError as error:
            if not isinstance(error, PublishSetupError):
                _note_removal_failed(ledger, snapshot, error)
            raise
    return unpublished


def _note_removal_failed(ledger: Ledger, snapshot: Snapshot, error: PublishError) -> None:
    """Note in the record that removing the artwork from the bucket failed with ``error``
    (:attr:`Snapshot.removal_failed`), by its kind alone: its words may name an address.
    Before, only the window that asked knew it, and after a restart its tile said
    "Published" again, with no word that the artist had asked for it to be taken down.
    Only while the record is as the failed removal read it (``snapshot``): a publish or an
    unpublish another window or command recorded while R2 was slow to answer this one went
    through after it, and a note over it said a failure that was over. Not noted, the
    failure is still raised: the window says it all the same."""
    expect: dict[str, Any] = {
        "published_key": snapshot.published_key,
        "published_at": snapshot.published_at,
    }
    if not snapshot.published_key:  # what a stopped publish left, removed by another since
        expect["retired_key"] = snapshot.retired_key
    try:
        ledger.note(snapshot.id, expect_values=expect, removal_failed=error.kind)
    except KontextError as kept:
        log.warning(
            "a failed removal from the bucket is not noted",
            extra={"event": "removal_failed_unnoted", "artwork_id": snapshot.id, "kind": kept.kind},
        )


def _changed_meanwhile(was: Snapshot, now: Snapshot) -> None:
    """Log what changed the record an unpublish read (``was``; ``now`` as it is), before
    it reads it again and goes on: "published meanwhile" was said of another unpublish's
    note too."""
    message, event = _what_changed(was, now)
    log.info(message, extra={"event": event, "artwork_id": was.id})


def _what_changed(was: Snapshot, now: Snapshot) -> tuple[str, str]:
    """:func:`_changed_meanwhile`'s log message and event."""
    if (now.published_key, now.published_at) != (was.published_key, was.published_at):
        if now.published_key:
            return "published meanwhile: unpublished again", "unpublish_again_published"
        return "unpublished meanwhile: read again", "unpublish_again_unpublished"
    if now.unpublish_mark != was.unpublish_mark:
        return "another unpublish noted it meanwhile: unpublished again", "unpublish_again_noted"
    return (
        "a publish noted what it sends meanwhile: unpublished again",
        "unpublish_again_publishing",
    )


def _unpublish_as_read(ledger: Ledger, publisher: Publisher, snapshot: Snapshot) -> Snapshot | None:
    """:func:`unpublish_artwork` of the record as it is read now (``snapshot``); None,
    leaving the record as it is, when another publish recorded the artwork as published
    meanwhile (at the same key, it may have written the manifest again once this one
    removed it), or another unpublish noted it (:func:`_noted_as_going`)."""
    artwork_id = snapshot.id
    _require_here(snapshot, publisher, _UNPUBLISH_THERE)
    try:
        snapshot = _retire(ledger, publisher, snapshot)
    except JobGoneError as error:
        if _retired_all(snapshot):
            # What a stopped publish left was all it had there, and it is gone now.
            raise JobGoneError.worded(REMOVED_THEN_GONE, id=artwork_id) from error
        if snapshot.retired_key != snapshot.published_key:
            # Not "nothing was removed": the earlier version was, the last one stays.
            raise JobGoneError.worded(RETIRED_THEN_GONE, id=artwork_id) from error
        raise
    if snapshot.published_key:
        noted = _noted_as_going(ledger, snapshot)
        if noted is None:
            return None
        key = snapshot.published_key
        other = _owner(ledger, publisher, artwork_id, key)
        try:
            _let_go(publisher, key, other)
        except KontextError as error:
            # Noted before this one (a stopped unpublish): a refusal says nothing of that.
            # Nor is anything removed of an image another artwork has: its manifest is
            # written again, whatever became of that.
            if not snapshot.may_be_gone and (other is not None or not _may_have_removed(error)):
                _not_going(ledger, snapshot, noted)
            raise
    removed = {"published_key": snapshot.published_key, "published_at": snapshot.published_at}
    try:
        return record_unpublished(ledger, artwork_id, removed)
    except JobChanged as error:
        if error.current is None:
            # Deleted while R2 removed it: not "nothing was removed", nothing is left there.
            raise JobGoneError.worded(REMOVED_THEN_GONE, id=artwork_id) from error
        _changed_meanwhile(snapshot, error.current)
        return None


def _noted_as_going(ledger: Ledger, snapshot: Snapshot) -> Snapshot | None:
    """Note in the record, before R2 is asked to remove it, that the image it names as
    published is being removed (:attr:`Snapshot.may_be_gone`): an unpublish stopped once R2
    removed it (the app closed, a command stopped, while R2 was slow to answer) left the
    artwork "published" at a link to nothing, and nothing said so. The record as noted;
    None, noting nothing, when another publish recorded the artwork meanwhile, or another
    unpublish noted it: read again, it may be gone, which a refusal of this one's removal
    must not take back (:func:`_not_going` took the record back to what this one read).

    A new :attr:`Snapshot.unpublish_mark` goes with the note: noted before (an unpublish
    that did not finish), the key written is the one already there, and a check of what
    that one left, asking the bucket meanwhile in another window, could not tell, and
    cleared this note with its "both there" (:mod:`.settling`)."""
    try:
        return ledger.note(
            snapshot.id,
            expect_values={
                "published_key": snapshot.published_key,
                "published_at": snapshot.published_at,
                "retired_key": snapshot.retired_key,
                "unpublish_mark": snapshot.unpublish_mark,
            },
            retired_key=snapshot.published_key,
            unpublish_mark=uuid.uuid4().hex,
        )
    except JobChanged as error:
        if error.current is None:
            raise PublishError.worded(NOT_IN_LIBRARY, id=snapshot.id) from error
        _changed_meanwhile(snapshot, error.current)
        return None


def _may_have_removed(error: KontextError) -> bool:
    """Whether an unpublish that failed with ``error`` may have removed the image all the
    same: cut (the app closed, a command stopped), or the way to R2 lost on the way (a
    time-out, a connection dropped), not R2 refusing it, nor an endpoint never reached by
    any of its tries (:attr:`PublishNetworkError.sent_nothing`: offline, or the endpoint
    wrong). Every try counts, not the last one's error alone: a first try that timed out
    (and may have removed the image) before a retry that was refused still may have. Any
    failure once R2 removed the image (:attr:`PublishError.after_removal`)."""
    if isinstance(error, PublishCancelledUncleanError):
        return True
    if isinstance(error, PublishError) and error.after_removal:
        return True
    return isinstance(error, PublishNetworkError) and not error.sent_nothing


def _not_going(ledger: Ledger, was: Snapshot, noted: Snapshot) -> None:
    """Take back :func:`_noted_as_going` (``noted``, of the record as it ``was``): R2
    refused the unpublish, so the image is there, and the record is as before. Only its
    own note: one another unpublish noted since (its mark) is that one's."""
    key = noted.published_key
    try:
        ledger.note(
            noted.id,
            expect_values={
                "published_key": key,
                "retired_key": key,
                "unpublish_mark": noted.unpublish_mark,
            },
            retired_key=was.retired_key,
            unpublish_mark=was.unpublish_mark,
        )
    except KontextError as error:
        log.warning(
            "a refused unpublish stays noted as under way",
            extra={"event": "unpublish_note_kept", "artwork_id": noted.id, "kind": error.kind},
        )


def _retired_all(snapshot: Snapshot) -> bool:
    """Whether :func:`_retire` of ``snapshot`` removes all it has in the bucket: the key a
    stopped first publish noted, of an artwork not published."""
    return bool(snapshot.retired_key) and not snapshot.published_key


def record_unpublished(ledger: Ledger, artwork_id: int, expect: dict[str, Any]) -> Snapshot:
    """Record the artwork as not published, its image and manifest gone from the bucket,
    while its record holds ``expect`` (:class:`JobChanged` otherwise): the last step of an
    unpublish, and of a check that finds an unfinished one had removed both
    (:mod:`.settling`)."""
    return ledger.update(artwork_id, expect_values=expect, **_NOT_PUBLISHED)


def forget_publication(ledger: Ledger, artwork_id: int) -> Snapshot:
    """Clear the record of the artwork's publication and remove nothing: for one published
    in a bucket that can no longer be reached (deleted, or its keys revoked), which
    :func:`unpublish_artwork` refuses while the settings name another one. Returns the
    record as it was, naming what stays in that bucket."""
    snapshot = _existing(ledger, artwork_id)
    ledger.update(artwork_id, **_NOT_PUBLISHED)
    log.info(
        "publication forgotten", extra={"event": "publish_forgotten", "artwork_id": artwork_id}
    )
    return snapshot


_NOT_PUBLISHED: dict[str, Any] = {
    "published_key": "",
    "published_url": "",
    "published_at": None,
    "retired_key": "",
    "published_bucket": "",
    "published_host": "",
    "removal_failed": "",
}
"""The record of an artwork not published."""


def _location(publisher: Publisher) -> dict[str, Any]:
    """Where ``publisher`` publishes, as the record keeps it."""
    return {"published_bucket": publisher.config.bucket, "published_host": publisher.config.host}


CHANGED_MEANWHILE = QT_TRANSLATE_NOOP(
    "Errors",
    "artwork {id} was removed from the bucket or published by another window or command "
    "while this publish ran; this publish was taken back",
)
ELSEWHERE = QT_TRANSLATE_NOOP(
    "Errors",
    "Artwork {id} is published in the bucket '{bucket}', but the R2 settings now name the "
    "bucket '{current}'.",
)
ELSEWHERE_AT = QT_TRANSLATE_NOOP(
    "Errors",
    "Artwork {id} is published in the bucket '{bucket}' at {host}, but the R2 settings now "
    "name the bucket '{current}' at {current_host}.",
)
LEFT_THERE = QT_TRANSLATE_NOOP(
    "Errors",
    "A publish of artwork {id} to the bucket '{bucket}' at {host} stopped before its end and "
    "may have left its image there, but the R2 settings now name the bucket '{current}' at "
    "{current_host}.",
)
ELSEWHERE_UNSET = QT_TRANSLATE_NOOP(
    "Errors",
    "Artwork {id} is published in the bucket '{bucket}' at {host}, and publishing is not set "
    "up now.",
)
LEFT_UNSET = QT_TRANSLATE_NOOP(
    "Errors",
    "A publish of artwork {id} to the bucket '{bucket}' at {host} stopped before its end and "
    "may have left its image there, and publishing is not set up now.",
)
_UNPUBLISH_THERE = QT_TRANSLATE_NOOP(
    "Errors",
    "Switch the R2 settings back to that bucket to unpublish it: with the settings as they "
    "are, nothing would be removed, and it would stay published there with no record of it. "
    "If that bucket can no longer be reached, `kontext-studio unpublish {id} --forget` "
    "forgets the publication and removes nothing.",
)
_REPUBLISH_THERE = QT_TRANSLATE_NOOP(
    "Errors",
    "To publish it in the new bucket, switch the R2 settings back and unpublish it there "
    "first: publishing it now would leave the old copy published with no record of it. If "
    "that bucket can no longer be reached, `kontext-studio unpublish {id} --forget` forgets "
    "the publication and removes nothing; then publish it.",
)
_LINK_THERE = QT_TRANSLATE_NOOP(
    "Errors", "Switch the R2 settings back to that bucket to get its link."
)


def recorded_in(snapshot: Snapshot, bucket: str, host: str) -> bool:
    """Whether the bucket ``snapshot``'s record names is ``bucket`` at ``host``. A record
    without one (a publish recorded before the bucket was kept) is taken to be in it."""
    if not snapshot.published_bucket:
        return True
    return snapshot.published_bucket == bucket and same_host(snapshot.published_host, host)


def _require_here(snapshot: Snapshot, publisher: Publisher, hint: str) -> None:
    """Refuse (:class:`PublishedElsewhereError`, ``hint`` saying what to do) to act on the
    publication of ``snapshot`` when its record names another bucket, or another endpoint,
    than ``publisher``'s: the objects the record names (its published and its retired
    version) are there, and a delete of a key this bucket does not have succeeds, so the
    record would be cleared over an artwork left published. A publish recorded before the
    bucket was kept is taken to be in this one, as it was."""
    refusal = elsewhere_refusal(snapshot, publisher.config.bucket, publisher.config.host)
    if refusal is not None:
        raise refusal.advising(hint)


def elsewhere_refusal(snapshot: Snapshot, bucket: str, host: str) -> PublishedElsewhereError | None:
    """What refuses an act on the publication of ``snapshot`` while the R2 settings name
    ``bucket`` at ``host`` (:func:`_require_here`), without what to do; ``None`` where its
    record names nothing in a bucket, or that one. The window words its banner anew by it
    once the settings name a third bucket, or none (publishing not set up: they name
    neither a bucket nor an endpoint to say it is not in; before, the banner went on naming
    the bucket they had named)."""
    if not (snapshot.published_key or snapshot.retired_key) or recorded_in(snapshot, bucket, host):
        return None
    if not (bucket and host):
        words = ELSEWHERE_UNSET if snapshot.published_key else LEFT_UNSET
    elif not snapshot.published_key:
        words = LEFT_THERE
    else:
        words = ELSEWHERE if same_host(snapshot.published_host, host) else ELSEWHERE_AT
    refusal = PublishedElsewhereError.worded(
        words,
        id=snapshot.id,
        bucket=snapshot.published_bucket,
        host=snapshot.published_host,
        current=bucket,
        current_host=host,
    )
    refusal.stopped = not snapshot.published_key
    return refusal


@dataclass
class _Note:
    """The key one publish's :func:`_placing` recorded as one to remove; empty while it
    recorded none, or once :func:`_placed_nothing` cleared it."""

    key: str = ""


def _placing(
    ledger: Ledger, publisher: Publisher, snapshot: Snapshot, note: _Note, key: str, step: Step
) -> None:
    """As the publish goes (:class:`Step`), record the key of the image it looks for or
    sends as one to remove (:attr:`Snapshot.retired_key`, which :func:`_retire` has just
    emptied, unless it notes the published image may be gone) until the publish records it
    as published: for an artwork published under another key, from the look on; for a
    first publish, with the bucket it goes to, once the image is sent, and no longer once R2
    has refused it (a look that finds it there, or a publish refused before its image is
    stored, leaves nothing of its own there). A publish
    stopped in between (the process killed, a network cut once the image was stored) leaves
    the record naming the old version as published, or none: the next Publish or Unpublish
    then removes this one too, which otherwise stayed public with no record of it."""
    if key == snapshot.published_key:
        return
    if snapshot.published_key:
        if step is Step.LOOK:
            ledger.note(snapshot.id, retired_key=key)
            note.key = key
    elif step is Step.SEND:
        ledger.note(snapshot.id, retired_key=key, **_location(publisher))
        note.key = key
    elif step is Step.REFUSED:
        _placed_nothing(ledger, publisher, snapshot, note)


def _placed_nothing(ledger: Ledger, publisher: Publisher, snapshot: Snapshot, note: _Note) -> None:
    """A publish cancelled cleanly (the publisher removed what it sent, or it sent nothing),
    or one R2 refused: the key :func:`_placing` recorded names nothing to remove. A failed
    write is only logged: the next publish removes what is not there, which costs a request
    and nothing else.

    Not while another publish in this process is placing the image the key names (an
    artwork with identical bytes that found it there): the publisher left it in the bucket
    for that one, which may be cancelled too and, having sent nothing, removes nothing.
    The key stays recorded, so the image is never public with no record naming it: the
    next Publish, Remove from bucket or unpublish of this artwork removes it, or leaves it
    to the artwork whose record names it as published by then (:func:`_release`)."""
    if note.key and publisher.placed_elsewhere(note.key):
        log.info(
            "a cancelled publish's key stays recorded for a twin's publish",
            extra={"event": "publish_key_kept_for_twin", "artwork_id": snapshot.id},
        )
        return
    note.key = ""
    try:
        ledger.note(
            snapshot.id, retired_key=snapshot.retired_key, **_nowhere_unless_published(snapshot)
        )
    except KontextError as error:
        log.warning(
            "a cancelled publish's key stays recorded",
            extra={"event": "publish_key_kept", "artwork_id": snapshot.id, "kind": error.kind},
        )


def _owner(ledger: Ledger, publisher: Publisher, artwork_id: int, key: str) -> ArtworkMeta | None:
    """The other artwork whose record names ``key`` as published in ``publisher``'s bucket
    (:data:`Owner`). One published under the same key in another bucket owns nothing here:
    counted, unpublishing an artwork left its image published in this bucket (its manifest
    written again for the other) with no record of it."""
    config = publisher.config
    other = ledger.published_under(
        key, other_than=artwork_id, bucket=config.bucket, hosts=host_spellings(config.host)
    )
    return None if other is None else artwork_meta(other)


def _release(ledger: Ledger, publisher: Publisher, artwork_id: int, key: str) -> None:
    """Remove the image at ``key`` and its manifest as ``artwork_id`` lets go of them, unless
    another artwork with the same bytes has them recorded as published: then the image stays
    and its manifest is written again for that one.

    Keys are the content's hash, shared by identical bytes, so that the image and its
    manifest beside it (``<sha256>.png`` and ``<sha256>.json``) stay where the platform
    found them, and a repeated publish sends nothing: one image in the bucket, described by
    the artwork published last."""
    _let_go(publisher, key, _owner(ledger, publisher, artwork_id, key))


def _let_go(publisher: Publisher, key: str, other: ArtworkMeta | None) -> None:
    """:func:`_release` of ``key``, ``other`` the artwork that has it (:func:`_owner`)."""
    if other is None:
        publisher.unpublish(key)
    else:
        publisher.describe(key, other)


def artwork_url(publisher: Publisher, snapshot: Snapshot) -> str:
    """The stored public URL, or a fresh presigned one (valid up to 7 days); refused for an
    artwork published in another bucket (:func:`_require_here`), whose presigned link from
    ``publisher`` would lead to nothing."""
    if snapshot.published_url:
        return snapshot.published_url
    if not snapshot.published_key:
        raise PublishError.worded(
            QT_TRANSLATE_NOOP("Errors", "artwork {id} is not published"), id=snapshot.id
        )
    _require_here(snapshot, publisher, _LINK_THERE)
    return publisher.url_for(snapshot.published_key)


# Import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LibraryCopy:
    """What an imported file's copy in the library holds: the file's bytes, less the GPS
    position of a photo, the names of the artist's computer and files and the previews
    that may show the picture before it was cropped or retouched
    (:func:`~kontext_studio.images.metadata.without_location`), for the copy is what a
    publish sends to a public bucket. The artist's own file keeps them all."""

    data: bytes
    sha256: str
    location_removed: bool


def _read_for_library(info: ImageInfo) -> _LibraryCopy:
    """The copy of ``info``'s file the library keeps: its bytes as checked
    (:func:`checked_bytes`, at most :data:`UPLOAD_LIMITS`' 50 MB, less than its decoded
    pixels took to check), refused when the file changed since (the artist's file, not the
    library's disk: a full disk's words sent them to free space, which changes nothing)."""
    data = checked_bytes(
        info,
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name} changed while it was being copied into the library, so it was not "
            "added: another program may still be saving it. Add it again once it is "
            "saved.",
        ),
    )
    unlocated = without_location(data)
    if unlocated is None:
        return _LibraryCopy(data, info.sha256, location_removed=False)
    digest = hashlib.sha256(unlocated.data).hexdigest()
    return _LibraryCopy(unlocated.data, digest, unlocated.location_removed)


def _write_into_library(copy: _LibraryCopy, info: ImageInfo, library_dir: Path) -> Path:
    """Write ``copy`` to ``<sha256><ext>`` (:func:`_free_name`) through a temp file and a
    rename."""
    staging = library_dir / IMPORTING
    staging.mkdir(parents=True, exist_ok=True)
    _remove_cut_copies(staging, time.time() - CUT_COPY_AGE_S)
    handle, temp_name = tempfile.mkstemp(dir=staging, prefix="import-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(copy.data)
            out.flush()
            os.fsync(out.fileno())
        target = _free_name(library_dir, copy.sha256, info.extension)
        os.chmod(temp_name, NEW_FILE_MODE)  # as any file the artist saves, not mkstemp's 0600
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def _remove_cut_copies(staging: Path, before: float) -> None:
    """Remove the copies in ``staging`` last written before ``before``: left by an import
    that was killed (another user's, or one a virus scanner holds open, stays). The folder
    holds only the copies under way, so this costs nothing."""
    removed = remove_untouched(staging, before)
    if removed:
        log.info("cut import copies removed", extra={"event": "import_cut", "count": removed})


def _free_name(library_dir: Path, sha256: str, extension: str) -> Path:
    """``<sha256><ext>`` in ``library_dir``, or ``<sha256>-2<ext>`` (-3, ...) when a file
    has that name: an artwork imported from these bytes, edited in the library and
    published since, is recorded under its new hash but keeps its file, which an import of
    the original must never overwrite."""
    target = library_dir / f"{sha256}{extension}"
    number = 1
    while target.exists():
        number += 1
        target = library_dir / f"{sha256}-{number}{extension}"
    return target


def readable_name(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 (a Latin-1 name) become U+FFFD. The
    library cannot store the stray bytes of such a name as they are, in a title or else."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _import_one(
    ledger: Ledger,
    path: Path,
    library_dir: Path,
    title: str | None,
    description: str,
    tags: str,
    imported: _Imported,
) -> Snapshot:
    info = inspect_image(path, UPLOAD_LIMITS)
    copy = _read_for_library(info)
    existing = _already_there(ledger, info, copy)
    if existing is not None and _file_there(existing):
        log.info("import: already in library", extra={"event": "import_duplicate"})
        return _seen_in_place(ledger, existing)
    target = _library_copy(copy, info, library_dir)
    if existing is not None:
        snapshot = _put_back(ledger, existing, target, info, copy, imported.restored)
    else:
        try:
            snapshot = ledger.create_upload(
                file_path=str(target),
                sha256=copy.sha256,
                original_sha256=info.sha256,
                width=info.width,
                height=info.height,
                file_size=len(copy.data),
                title=title or readable_name(path.stem),
                description=description,
                tags=tags,
                prompt="",
            )
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        log.info("imported", extra={"event": "import_done", "artwork_id": snapshot.id})
    if copy.location_removed:
        imported.unlocated.add(snapshot.id)
    return snapshot


def imported_before(ledger: Ledger, info: ImageInfo) -> Snapshot | None:
    """The artwork an import of ``info``'s checked file would come back as, adding nothing
    (:func:`_import_one`): imported from it before, or holding its very bytes, with its
    image file there. Found by the file's hash, without reading it again: a photo recorded
    before the library kept the original's hash, whose copy lost its GPS position, is
    found by the import alone."""
    existing = ledger.find_by_original(info.sha256) or ledger.find_by_sha(info.sha256)
    return existing if existing is not None and _file_there(existing) else None


def _already_there(ledger: Ledger, info: ImageInfo, copy: _LibraryCopy) -> Snapshot | None:
    """The artwork imported from ``info``'s file before: recorded with its hash as the
    file copied (:attr:`Snapshot.original_sha256`), whatever its copy became (a version
    that takes more out of a photo, or compresses a PNG's text anew, makes other bytes of
    it); or, recorded before that was kept, whose file is the library's copy of it with the
    same bytes, or the file itself (imported whole before the library took locations out)."""
    existing = ledger.find_by_original(info.sha256)
    if existing is None:
        existing = ledger.find_by_sha(copy.sha256)
    if existing is None and copy.sha256 != info.sha256:
        existing = ledger.find_by_sha(info.sha256)
    return existing


def _seen_in_place(ledger: Ledger, existing: Snapshot) -> Snapshot:
    """The artwork ``existing``, imported again with its image in place (restored from the
    trash by hand): the notes that its image is in the trash no longer hold, and are taken
    back, as an import that puts the image back takes them back (:func:`_put_back`): that an
    Undo left it there (:attr:`Snapshot.image_left_in_trash`), and that a Delete that could
    not remove the artwork put it there (:attr:`Snapshot.trashed_at`), unless a Delete of it
    runs (:func:`_without_stale_trash_note`). Kept, its tile could not be dragged out, and
    once the image went again its preview, Publish and Save said it went to the Trash with
    its Delete. Not taken back (taken back meanwhile, the library busy), the import is not
    refused for them: the next sight of the image takes them back."""
    seen = existing
    try:
        seen = _without_stale_trash_note(ledger, seen)
        if seen.image_left_in_trash:
            seen = ledger.note(
                seen.id, expect_values={"image_left_in_trash": True}, image_left_in_trash=False
            )
    except KontextError as error:
        log.info("import: trash note kept", extra={"event": "import_note_kept", "kind": error.kind})
    return seen


def _file_there(snapshot: Snapshot) -> bool:
    """Whether the artwork's image file is on disk; a job without one (not finished), and
    one whose folder cannot be looked in, are left as they are. A finished one naming no
    file (its row named a relative path, :attr:`Snapshot.file_path`) has its image gone:
    taken for there, importing the image again said "already in the library" and left its
    tile "Image missing"."""
    if not snapshot.file_path:
        return snapshot.state is not JobState.COMPLETED
    try:
        return Path(snapshot.file_path).is_file()
    except OSError:
        return True


def _library_copy(copy: _LibraryCopy, info: ImageInfo, library_dir: Path) -> Path:
    """:func:`_write_into_library`, a failed write said as the library's disk's failure."""
    try:
        return _write_into_library(copy, info, library_dir)
    except OSError as error:
        raise StorageError.worded(
            QT_TRANSLATE_NOOP("Errors", "cannot copy {name} into the library: {reason}"),
            name=info.path.name,
            reason=str(error.strerror),
        ) from error


def _put_back(
    ledger: Ledger,
    existing: Snapshot,
    target: Path,
    info: ImageInfo,
    copy: _LibraryCopy,
    restored: set[int],
) -> Snapshot:
    """The artwork ``existing``, whose image file is gone from the disk (deleted in a file
    manager, say), with the copy at ``target`` of the same file as its file: importing the
    original again brings it back, where it said "already in the library" and left the
    artwork without its image. The record takes the copy's hash and size (a copy made
    before the library took locations out was the original's bytes, one made by another
    version may differ), and the original's hash, which an import recorded before it was
    kept has not. Its id goes into ``restored``. A note that a Delete put its image in the
    trash (:attr:`Snapshot.trashed_at`), or that an Undo left it there
    (:attr:`Snapshot.image_left_in_trash`), no longer holds: its image is back."""
    try:
        snapshot = ledger.update(
            existing.id,
            file_path=str(target),
            sha256=copy.sha256,
            original_sha256=info.sha256,
            file_size=len(copy.data),
            trashed_at=None,
            image_left_in_trash=False,
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    restored.add(snapshot.id)
    log.info("import: missing file put back", extra={"event": "import_put_back"})
    return snapshot


@dataclass
class _Imported:
    """What an import's results do not say, for the artist to be told."""

    restored: set[int]
    unlocated: set[int]


def import_artworks(
    ledger: Ledger,
    paths: Iterable[Path],
    *,
    library_dir: Path,
    title: str | None = None,
    description: str = "",
    tags: str = "",
    restored: set[int] | None = None,
    unlocated: set[int] | None = None,
) -> list[Snapshot | KontextError]:
    """Bring finished files into the library, one result per path in the same order: the new
    (or, for a file already there, the existing) snapshot, or the error that refused it
    (an :class:`ImageError` for a bad file, a :class:`StorageError` for a failed copy).
    One bad file never stops the others. An artwork already there whose image file is
    missing gets the copy as its file; its id is added to ``restored``. The copy of a
    photo carries no GPS position, nor the names of the artist's computer and files; the
    ids of the artworks whose copy had a position taken out (added, or put back) are added
    to ``unlocated``. The artist's files are never changed."""
    clean_tags = ", ".join(split_tags(tags))
    imported = _Imported(
        restored if restored is not None else set(),
        unlocated if unlocated is not None else set(),
    )
    results: list[Snapshot | KontextError] = []
    for path in paths:
        try:
            results.append(
                _import_one(
                    ledger, Path(path), library_dir, title, description, clean_tags, imported
                )
            )
        except KontextError as error:
            log.info("import refused", extra={"event": "import_refused", "kind": error.kind})
            results.append(error)
    return results
