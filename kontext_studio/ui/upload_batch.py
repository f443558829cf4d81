"""One run of the Upload tab's "Add to library" or "Publish" over its ready files.

An :class:`UploadBatch` takes its files one at a time: each is copied into the library
(``import_artworks``, in a worker thread) unless an earlier batch brought it in and, for a
publish, published through the :class:`~kontext_studio.ui.publishing.PublishController`.
A file's failure is its own; R2 settings that become unusable, and a failure that is not the
file's (:data:`~kontext_studio.ui.publishing.NOT_THE_ARTWORK`: no network, R2's own trouble,
R2 refusing the keys, the bucket or the clock), stop the batch (every file left would meet
them too), and so does Stop, which cancels the publish under way.

The batch moves its files through their :class:`~kontext_studio.ui.upload_items.ItemState`
and has the tab show each move (``show``). Once :meth:`UploadBatch.run` returns, the tab takes
the files it finished (:attr:`UploadBatch.done`) off the list and says what happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kontext_studio.config import R2Settings
from kontext_studio.errors import (
    ImageMissingError,
    ImageTrashedError,
    JobGoneError,
    KontextError,
    PublishCancelledError,
    PublishedElsewhereError,
    PublishSetupError,
    Refusal,
)
from kontext_studio.explain import explain, explain_apart, explain_error_detail, explain_listed
from kontext_studio.publish import import_artworks, recorded_in, settings_location
from kontext_studio.store.details import check_lengths, joined_tags
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.bridge import Bridge, DeletedHereError
from kontext_studio.ui.publishing import NOT_THE_ARTWORK, PublishController, Queued
from kontext_studio.ui.upload_items import Bucket, ItemState, UploadItem

_BEFORE_PUBLISH = frozenset({ItemState.WAITING, ItemState.IMPORTING})
_FELL_SHORT = frozenset({ItemState.FAILED, ItemState.CANCELLED, ItemState.NOT_STARTED})
"""A file of a batch that ended unpublished: a copy of it is sent on its own turn."""


def _published_where_settings_point(snapshot: Snapshot, settings: R2Settings) -> bool:
    """Whether ``snapshot`` is published in the bucket (at the endpoint) the R2 settings
    name."""
    return bool(snapshot.published_key) and recorded_in(snapshot, *settings_location(settings))


class UploadBatch:
    """One press of "Add to library" (``publish`` False) or "Publish"."""

    def __init__(
        self,
        bridge: Bridge,
        controller: PublishController,
        show: Callable[[UploadItem], None],
        *,
        publish: bool,
        noted: Callable[[UploadItem], None] = lambda item: None,
    ) -> None:
        """``noted`` is told of a file's artwork as its import sets it, before the library
        hears of the artwork: the tab finds its rows by their artworks."""
        self.bridge = bridge
        self.controller = controller
        self._show = show
        self._noted = noted
        self.publish = publish
        self.stopping = False
        self.items: list[UploadItem] = []
        self.done: list[UploadItem] = []  # in the library (and published, for a publish)
        self.published_before: set[int] = set()  # of done's artworks, those not sent again
        self.added_earlier: set[int] = set()  # artworks an earlier batch of the list added
        self.typed_over: set[int] = set()  # held artworks whose typed details were not used
        self.left: list[UploadItem] = []  # not finished, not failed: cut short or cancelled
        self.newest = 0  # the library's newest artwork id before it: higher ones are its own
        self.put_back: set[int] = set()  # artworks that had lost their file: a file is it now
        self.unlocated: set[int] = set()  # photos whose library copy has no GPS position
        self.stopped_by: KontextError | None = None  # the failure not a file's that stopped it
        self._resting: dict[int, ItemState] = {}
        self._running_job: int | None = None
        # Of each file that holds the very bytes of one listed before it (by its hash as
        # checked), that one: its publish publishes the copy's artwork too.
        self._copy_of: dict[int, UploadItem] = {}

    @property
    def to_publish(self) -> int:
        """How many files of a Publish are still to be published once copied in (those
        waiting, and the one being copied in); not those of an Add, nor once stopped."""
        if not self.publish or self.stopping:
            return 0
        return sum(
            1
            for item in self.items
            if item.state in _BEFORE_PUBLISH
            and not self._published_by_library(item)
            and not self._passed_over(item)
        )

    def _passed_over(self, item: UploadItem) -> bool:
        """Whether ``item``, not started, will send nothing when its turn comes: its
        artwork is published in the bucket the R2 settings name (by the library, meanwhile),
        or it is a copy of a file before it in this Publish (:attr:`_copy_of`), whose
        publish publishes their artwork, not stopped short of it. Before, it counted among
        those to publish until its turn came and it was passed over: "Publishing 1 of 3"
        for two to send."""
        if self._copy_sent_before(item):
            return True
        snapshot = item.snapshot
        return snapshot is not None and _published_where_settings_point(
            snapshot, self.bridge.session.settings.r2
        )

    def _copy_sent_before(self, item: UploadItem) -> bool:
        """Whether ``item`` is a copy of a file before it in this Publish (:attr:`_copy_of`)
        whose publish sends their artwork, or sent it: not one that fell short, whose copy
        sends it on its own turn."""
        first = self._copy_of.get(item.key)
        return first is not None and first.state not in _FELL_SHORT

    def _published_by_library(self, item: UploadItem) -> bool:
        """Whether ``item``'s artwork is being published already, by the library (its
        Publish of several): the controller counts it. Counted here too, a file waiting its
        turn was said twice in the quit question and the status bar."""
        snapshot = item.snapshot
        return snapshot is not None and self.controller.activity(snapshot.id) is not None

    def queued(self) -> Queued:
        """The files of a Publish still to start (those :attr:`to_publish` counts, and the
        one whose publish has yet to begin, or has ended and is still to be said done) and
        the bytes of those it has published, for the status bar
        (:class:`~kontext_studio.ui.publishing.PublishActivityLabel`); the publish under way
        is the controller's, but for its size until the controller hears it. Each file by
        its size as checked, which the library's copy keeps (it is copied as it is), or
        near (a photo's GPS location left out). Nothing once stopped."""
        if not self.publish or self.stopping:
            return Queued()
        count = sent = total = waiting = 0
        done = {item.key for item in self.done}  # asked at every percent: not a list's search
        for item in self.items:
            size = item.info.file_size if item.info is not None else 0
            snapshot = item.snapshot
            activity = None if snapshot is None else self.controller.activity(snapshot.id)
            if item.key in done:
                new = snapshot is not None and snapshot.id not in self.published_before
                if new and not self._copy_sent_before(item):  # else the first sent them
                    sent, total = sent + size, total + size
            elif item.state in _BEFORE_PUBLISH and self._passed_over(item):
                continue
            elif item.state in _BEFORE_PUBLISH or item.state is ItemState.PUBLISHING:
                if activity is None:  # not started: the controller does not count it
                    count, total = count + 1, total + size
                    waiting += item.state is ItemState.WAITING
                elif not activity.total:  # the controller counts it, not its size yet
                    total += size
        return Queued(count, sent, total, waiting)

    def stop(self) -> None:
        """Start nothing new and publish nothing more: the file being published is cancelled
        (what it sent is removed); a file being copied in ends in the library, unpublished.
        The files still waiting say at once that they will not be started: a copy into the
        library can take a while, and they read "Waiting…" all that time."""
        self.stopping = True
        if self._running_job is not None:
            self.controller.cancel(self._running_job)
        for item in self.items:
            if item.state is ItemState.WAITING:
                self._leave(item, reached=False)

    async def run(self, items: list[UploadItem]) -> None:
        """Send ``items`` (the listed files ready to go, in list order) one at a time."""
        self.items = items
        # What each file was before the batch, for those it never gets to.
        self._resting = {item.key: item.state for item in items}
        firsts: dict[str, UploadItem] = {}
        for item in items:
            if item.info is not None:
                first = firsts.setdefault(item.info.sha256, item)
                if first is not item:
                    self._copy_of[item.key] = first
        reached: set[int] = set()
        try:
            # Rows added by this batch have higher ids; not a clock, which can step back.
            self.newest = await asyncio.to_thread(self.bridge.session.ledger.newest_id)
            if self.publish and not await self.controller.ready():
                return  # the window offers the settings
            for item in items:
                item.state, item.waits_to_publish = ItemState.WAITING, self.publish
                self._show(item)
            for item in items:
                if self.stopping:
                    break
                reached.add(item.key)
                try:
                    made_it = await self._bring_in(item) and (
                        not self.publish or self._published_here(item) or await self._publish(item)
                    )
                except PublishSetupError as error:
                    # The R2 settings became unusable during the batch (the secret cleared
                    # in Settings): every file left would meet them too. The batch stops,
                    # and the settings are offered once, as at its start.
                    self.controller.offer_setup(error)
                    break
                except NOT_THE_ARTWORK as error:
                    # Said under the file (it is in the library, unpublished), and by the
                    # summary once. The files left are not tried: not started, ready for
                    # the next Publish once the network, R2 or the settings are right.
                    self.stopped_by = error
                    self._show(item)
                    break
                if made_it:
                    item.state = ItemState.DONE
                    self.done.append(item)
                elif item.state is ItemState.CANCELLED:
                    self.left.append(item)  # a cancel was asked for: not a failure
                self._show(item)
        finally:
            for item in items:
                if item.state is ItemState.WAITING:
                    self._leave(item, reached=item.key in reached)

    def _leave(self, item: UploadItem, *, reached: bool) -> None:
        """``item`` waited in the batch and was not finished. One the batch never got to is
        what it was before, or not started if it was ready: a file whose publish was
        cancelled earlier stays cancelled, with its reason; it did not fail. The one the
        batch met unusable R2 settings with is not started either, with that reason: it
        is in the library (maybe added by this batch), unpublished."""
        resting = self._resting[item.key]
        if reached:
            item.state = ItemState.NOT_STARTED
        else:
            item.state = ItemState.NOT_STARTED if resting is ItemState.READY else resting
        self.left.append(item)
        self._show(item)

    async def _bring_in(self, item: UploadItem) -> bool:
        """Import ``item`` unless it is in the library already; False with its reason if not."""
        if item.snapshot is not None:
            return True
        try:
            # Held to the lengths Edit details holds them to: a novel pasted by mistake
            # was copied in, and published in the artwork's manifest.
            check_lengths(item.title.strip(), item.description.strip(), joined_tags(item.tags))
        except Refusal as error:
            item.state, item.problem, item.refusal = ItemState.FAILED, explain(error), ""
            return False
        item.state = ItemState.IMPORTING
        self._show(item)
        (result,) = await asyncio.to_thread(
            import_artworks,
            self.bridge.session.ledger,
            [item.path],
            library_dir=self.bridge.session.engine.library_dir,
            title=item.title.strip() or None,
            description=item.description.strip(),
            tags=item.tags,
            restored=self.put_back,
            unlocated=self.unlocated,
        )
        if isinstance(result, KontextError):
            # The listed file's own refusal, in the list's words: a file moved away since it
            # was listed said to put back "the image file" as of the library's own files.
            item.state, item.problem = ItemState.FAILED, explain_listed(result)
            item.refusal = explain_error_detail(result)
            item.gone = isinstance(result, ImageMissingError)
            return False
        item.snapshot, item.added = result, result.id > self.newest
        item.problem, item.refusal, item.gone = None, "", False
        self._noted(item)
        self.bridge.tell_changed(result)
        return True

    def _published_here(self, item: UploadItem) -> bool:
        """Whether ``item``'s artwork is published in the bucket the R2 settings name, and
        nothing is being done to it there: it is not sent again (before, a row "Already in
        your library, and published" was, and counted as published by this batch). One
        published in another bucket is :meth:`_publish`'s, which says so. A copy of an
        artwork this batch published is counted as a copy (:attr:`published_before` not)."""
        snapshot = item.snapshot
        assert snapshot is not None
        if self.controller.activity(snapshot.id) is not None:
            return False
        if not _published_where_settings_point(snapshot, self.bridge.session.settings.r2):
            return False
        if not any(done.snapshot and done.snapshot.id == snapshot.id for done in self.done):
            self.published_before.add(snapshot.id)  # not a copy of one this batch published
        return True

    async def _publish(self, item: UploadItem) -> bool:
        assert item.snapshot is not None
        if self.stopping:
            # Stop came while the file was copied in: it stays in the library, unpublished,
            # for nothing may go to R2 once the artist has pressed Stop.
            item.state, item.problem = ItemState.CANCELLED, explain(PublishCancelledError())
            return False
        item.state, item.percent, item.problem = ItemState.PUBLISHING, None, None
        item.refusal = ""
        item.after_delete, item.quiet = False, 0.0
        # Joining a library's Publish of several, it may wait its turn there.
        item.waits_to_publish = self.controller.waits_turn(item.snapshot)
        item.refused_in, item.lost_file, item.in_trash = None, False, False
        item.too_late = False
        self._running_job = item.snapshot.id
        self._show(item)
        try:
            item.snapshot = await self.controller.publish_now(item.snapshot.id, item.snapshot)
            # Stop's, not the preview's Cancel (which says it there) of the artwork it publishes.
            item.too_late = self.stopping and self.controller.cancelled_too_late(item.snapshot)
        except PublishSetupError as error:
            # Nothing was tried: it waits with the files left, and says why.
            item.state, item.problem = ItemState.WAITING, self.controller.setup_words(error)
            raise
        except PublishCancelledError as error:
            item.state, item.problem = ItemState.CANCELLED, explain(error)
            return False
        except NOT_THE_ARTWORK as error:
            item.state, (item.problem, item.refusal) = ItemState.FAILED, explain_apart(error)
            raise
        except DeletedHereError:
            # The artist deleted it in the library meanwhile: ready to add anew, unsaid.
            item.state, item.problem, item.snapshot = ItemState.READY, None, None
            return False
        except JobGoneError as error:
            # Deleted meanwhile by another program: the row no longer says "In the library",
            # and the next Publish adds the file anew.
            item.state, item.problem, item.snapshot = ItemState.FAILED, explain(error), None
            return False
        except KontextError as error:
            item.state, (item.problem, item.refusal) = ItemState.FAILED, explain_apart(error)
            item.lost_file = isinstance(error, ImageMissingError)
            item.in_trash = isinstance(error, ImageTrashedError)
            if isinstance(error, PublishedElsewhereError):
                # Its row names both buckets, and the tab lets it go once forgotten.
                item.refused_in = Bucket(
                    str(error.values["current"]), str(error.values["current_host"])
                )
            return False
        finally:
            self._running_job = None
        return True
