"""The library's Undo and Redo (Edit ▸ Undo Rename, Ctrl+Z in the library).

Rename, Edit details, Add tags and Star are kept here as steps, each the columns it changed
of each artwork (:class:`~kontext_studio.store.undo.Change`). Undo writes a step's artworks
back in a worker thread (:func:`~kontext_studio.store.undo.put_back`), Redo writes them
again; a step that cannot be (an artwork deleted or changed since by another route) is said
so in words and dropped, the library left as it is. A Delete is kept as the rows it removed
and the app's own links to their images (:class:`~kontext_studio.store.undo.Deleted`): Undo
brings them back (:func:`~kontext_studio.store.undo.bring_back`) and has them selected
(:attr:`LibraryUndo.brought_back`), as a file manager does; Redo sends their images to the
trash again without asking again, as the Delete did, kept again for the next Undo (an image
the trash refuses then is asked about as the Delete asks: deleted for good, it cannot be
brought back).

Not a ``QUndoStack``: its ``undo()`` moves the stack at once, while the write runs in a
worker thread and may be refused; the stack here moves once the write is done.

The keys work only while the library has focus (:data:`~kontext_studio.ui.shortcuts.Scope`
``LIBRARY``): Ctrl+Z in a text box (the prompt, the search) still edits its text.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from kontext_studio import desktop
from kontext_studio.desktop import Desktop
from kontext_studio.errors import KontextError, StorageError
from kontext_studio.explain import explain, join_sentences
from kontext_studio.store.ledger import Snapshot
from kontext_studio.store.undo import (
    BroughtBack,
    Change,
    Deleted,
    KeptImage,
    PutRightFirstError,
    Unplaced,
    bring_back,
    forget_kept,
    pointing_at,
    put_back,
    require_unpublished_since,
    with_digest,
)
from kontext_studio.ui import shortcuts
from kontext_studio.ui.batch_place import sentence_title, some_titles
from kontext_studio.ui.bridge import Bridge, Said, error_topic, log_reported
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.translations import grouped

log = logging.getLogger(__name__)

MAX_STEPS = 100
"""Steps kept but Deletes; the oldest goes first, without a word as the new one comes (a word
on every action past the hundredth would take the place of its own, "Moved … to the Trash."):
Undo, greyed once the steps kept are undone, says why nothing older comes back. A Delete
does not go with them: an artist who trusted its question, then starred a hundred
artworks, lost the Delete."""
MAX_DELETES = 20
"""Deletes kept, the oldest going first as a new one comes, the links to its images removed
at once; the Delete's question says so (:meth:`JobActions._undo_brings_back`). Kept whatever
the count until the window closed, each held its rows in memory, and its links the trashed
images' bytes on the disk after the Trash was emptied."""


@dataclass(eq=False)  # a step is itself: two Stars of one artwork are two steps
class Step:
    """One action the artist took in the library, named as the Edit menu says it
    ("Rename"); ``details``: it changed what a published copy in R2 carries (title,
    description, tags), so undone or redone the artwork is offered to be published again.
    A Delete's: ``deleted``, what it removed, and once undone ``restored``, the rows it
    brought back (under new ids), for Redo to delete again."""

    name: str
    changes: list[Change]
    details: bool
    deleted: list[Deleted] = field(default_factory=list)
    restored: list[Snapshot] = field(default_factory=list)
    refused: list[Said] = field(default_factory=list)
    """Each refusal of it kept to be taken again (:func:`_to_be_taken_again`), until it is
    written or dropped: :attr:`LibraryUndo.refusal_over`."""
    news: Said | None = None
    """The news its Undo gave of artworks it brought back without their images, until its
    Redo deletes them again: :attr:`LibraryUndo.news_over`."""
    unplaced: list[tuple[Snapshot, Unplaced]] = field(default_factory=list)
    """Those artworks (as brought back), and why: a Redo that deleted only some of them
    again has its news name the others alone (:attr:`LibraryUndo.news_reworded`), and the
    next Undo's news them and those it brought back without their images."""
    hashing: asyncio.Task[None] | None = None
    """The read of the hashes of its images whose rows have none
    (:meth:`LibraryUndo._read_hashes`), which its Undo waits for when it needs one
    (:meth:`LibraryUndo._hashes_needed`): taken before they were read, an Undo within seconds of the
    Delete refused an image put back by hand as a file it "cannot tell" from another,
    until Ctrl+Z was pressed again."""

    def kept(self) -> list[Path | None]:
        return [None if each.kept is None else each.kept.path for each in self.deleted]

    @property
    def is_delete(self) -> bool:
        return bool(self.deleted or self.restored)


class Renumbered(Mapping[int, int]):
    """The ids Undos of Deletes gave the artworks they brought back (this window's or
    another's on the library), by the id each had before: read through to the last, an
    artwork deleted and brought back twice having two. The steps keep the ids they were
    taken with and are read through it as they are taken (:meth:`LibraryUndo._as_now`):
    each Undo renumbering every step kept rebuilt every kept Delete's rows, parsing their
    requests, on the GUI thread of every window, slower the more Deletes were kept."""

    def __init__(self) -> None:
        self._to: dict[int, int] = {}

    def add(self, ids: Mapping[int, int]) -> None:
        self._to.update(ids)

    def __getitem__(self, job_id: int) -> int:
        now = self._to[job_id]
        while now in self._to:  # ids are never given twice: the chain ends
            now = self._to[now]
        return now

    def __iter__(self) -> Iterator[int]:
        return iter(self._to)

    def __len__(self) -> int:
        return len(self._to)


Redelete = Callable[[list[Snapshot], str], Awaitable[tuple[list[Deleted], str]]]
"""Delete these rows again as a Delete does, keeping their images for Undo, its words led by
the given ones ("Redid Delete."); what it removed, and how Undo names that ("Delete 2
artworks": an image the trash refused, kept, is not counted, as a Delete does not)."""


class LibraryUndo(QObject):
    """The library's steps, and the Undo and Redo actions that walk them. ``tell`` shows
    the rows an Undo or Redo wrote in every view (and whether they are details)."""

    notice = Signal(str)  # "Undid Rename.", for the status bar
    news = Signal(object)
    """:class:`Said` for a banner of news, not of an error (what happened, what to do): an
    Undo of a Delete that brought artworks back without their images (:meth:`_say_unplaced`).
    In the error's red, the banner said something had failed, while every artwork came back.
    Or a refused step no press reaches any more (:meth:`_say_lost`)."""
    news_over = Signal(object)
    """The :class:`Said` of :attr:`news` no longer true: the artworks it named were deleted
    again by a Redo. Before, it still named them as back in the library."""
    news_reworded = Signal(object, object)
    """The :class:`Said` of :attr:`news` partly over, and the words now true in its place
    (the same :class:`Said` kind): a Redo deleted again only some of the artworks it named
    (the trash refused the others' images, the library busy). Before, the news went, while
    the others were still back without their images."""
    refused = Signal(object)
    """:class:`Said` of a step refused for what the artist can put right, kept to be taken
    again (:func:`_to_be_taken_again`): shown as an error of background work."""
    refusal_over = Signal(object)
    """The :class:`Said` of :attr:`refused` the artist put right (a file moved away, the
    library free again), once the step it refused is written, or no press reaches any more:
    its banner goes. Before, "move that file away, then undo again" stayed up in red over
    the artwork back, and over the news that it came back without its image."""
    let_go_of = Signal(object)
    """The ids, as deleted, of the artworks of Deletes no Undo reaches any more
    (:meth:`_drop`), or that none ever brings back (:meth:`not_kept`): what was kept to
    bring back with them (publishing's "Too late to cancel") can go. Before, it was kept
    until the window closed, 20 Deletes past them."""
    brought_back = Signal(object)
    """The rows (a list of Snapshots) an Undo of a Delete brought back, once every view
    holds them: the library selects them. Before, the artwork came back unselected,
    somewhere in the grid."""

    def __init__(
        self,
        bridge: Bridge,
        tell: Callable[[list[Snapshot], bool], None],
        redelete: Redelete,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._tell = tell
        self._redelete = redelete
        self._steps: list[Step] = []
        self._done = 0  # steps[:done] can be undone, steps[done:] redone
        self._busy = False
        self._waiting: list[Step] = []
        """Steps taken while one was being written, kept once it is: pushed before, its end
        moved the stack past them, and the artist's last action was offered to Redo."""
        self._asked: list[bool] = []
        """Presses of Undo (True) and Redo while a step was being written, taken in turn
        once it is: greyed meanwhile, a second Ctrl+Z did nothing and said nothing."""
        self._after = 0  # where the stack will be once the step written and those asked are
        self._renumbered = Renumbered()
        self._reading: str | None = None
        """The words said while an Undo waits for its images to be read
        (:meth:`_hashes_needed`), said again by Ctrl+Z meanwhile."""
        self._news_dropped: list[Step] = []
        """The news (:attr:`Step.news`, with the artworks it names) of steps no Undo reaches
        any more, which may still be up: a Delete pressed anew of the artworks it names takes
        them out of it (:meth:`record_delete`)."""
        self._left_why: dict[int, Unplaced] = {}
        """Why an Undo of a Delete left each image in the trash, by the id its artwork came
        back under: a Delete of it again (a Redo, or a Delete pressed anew) keeps no copy of
        it, and its Undo says that reason (:meth:`_why_left`), not "no copy of it could be
        kept", as if the disk had been full. Each goes once its artwork is brought back under
        another id, or its Delete is no longer kept (:meth:`_drop`): before, every Undo of
        such a Delete added to them until the window closed."""
        self._notes_kept: set[int] = set()
        """Ids whose note that an Undo left their image in the trash the library was too
        busy to take back as the image was seen: taken back with the next one
        (:meth:`image_seen`)."""
        self._let_go = threading.Event()
        """Set as the window closes, before the images kept are let go of: an Undo of a
        Delete still written then writes nothing (:class:`~kontext_studio.store.undo.LetGo`).
        Connected to ``closing`` before the folder of the links is removed."""
        self._fell_off = False
        """Whether older steps than those kept went (:data:`MAX_STEPS`, :data:`MAX_DELETES`),
        and were not all undone since: Undo greyed at the oldest kept says so. Before, it said
        there was nothing to undo, as if the Delete its question promised Undo for was never
        kept."""
        self.undo_action = shortcuts.assign(QAction(self), "undo")
        self.undo_action.setObjectName("action_undo")
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = shortcuts.assign(QAction(self), "redo")
        self.redo_action.setObjectName("action_redo")
        self.redo_action.triggered.connect(self.redo)
        self._words: dict[QAction, str] = {}
        """Why Undo and Redo are greyed, or what they do: their tooltips' words on one line,
        as the status bar says them."""
        self._refresh()
        # The links kept die with the window: a link keeps an image's bytes on the disk
        # after the Trash is emptied.
        bridge.closing.connect(self._forget_all)
        bridge.renumbered.connect(self._renumber)
        bridge.job_deleted.connect(self._deleted_elsewhere)

    def say_greyed_in(self, widget: QWidget) -> None:
        """Undo's and Redo's keys in ``widget`` (the grid), pressed while greyed, say why in
        the status bar (:func:`~kontext_studio.ui.shortcuts.greyed_keys`), as the artwork
        actions' keys do: Ctrl+Z with nothing to undo did nothing and said nothing."""
        for action in (self.undo_action, self.redo_action):
            keys = shortcuts.greyed_keys(action, widget, partial(self.say_greyed, action))
            action.enabledChanged.connect(partial(_follow_greyed, keys))
            keys.setEnabled(not action.isEnabled())

    def say_greyed(self, action: QAction) -> None:
        """Why ``action`` (Undo or Redo) is greyed, in the status bar: Undo, while the last
        step's Undo waits for its images to be read, says that (:meth:`_hashes_needed`)."""
        if action is self.undo_action and self._reading is not None:
            self.notice.emit(self._reading)
        else:
            self.notice.emit(self._words[action])

    def image_seen(self, job_id: int) -> None:
        """The image of ``job_id`` is in its place again (restored from the trash), read by
        the preview or by its tile: the note that an Undo left it in the trash
        (:attr:`~kontext_studio.store.ledger.Snapshot.image_left_in_trash`) is taken back,
        should the artwork have it. Should the image go again, it is for a reason the
        library does not know. One the library was too busy to take back is logged, and
        taken back with the next image seen: a tile reads its image once, and the note
        stayed for the session, its preview saying the image was in the Trash once it went
        again."""
        ledger = self.bridge.session.ledger
        ids = [job_id, *(each for each in self._notes_kept if each != job_id)]
        self._notes_kept.clear()

        def forget() -> tuple[list[Snapshot], list[int]]:
            rows: list[Snapshot] = []
            busy: list[int] = []
            for each in ids:
                try:
                    rows.append(
                        ledger.note(
                            each,
                            expect_values={"image_left_in_trash": True},
                            image_left_in_trash=False,
                        )
                    )
                except StorageError:
                    busy.append(each)
                except KontextError:  # no such note (taken back elsewhere), or deleted meanwhile
                    pass
            return rows, busy

        def done(result: tuple[list[Snapshot], list[int]]) -> None:
            rows, busy = result
            for each in busy:
                log.warning(
                    "trash note kept", extra={"event": "undo_trash_note_kept", "job_id": each}
                )
            self._notes_kept.update(busy)
            if rows:
                self._tell(rows, False)

        self.bridge.spawn(asyncio.to_thread(forget), on_done=done)

    def _forget_all(self) -> None:
        self._let_go.set()
        steps = self._steps + self._waiting
        forget_kept([path for step in steps for path in step.kept()])
        self._steps.clear()
        self._waiting.clear()
        self._asked.clear()
        self._left_why.clear()
        self._news_dropped.clear()
        # With the step being written too (a Redo pressed as the window closed): else the
        # Edit menu was named after a step no longer kept, and the close raised IndexError.
        self._done = self._after = 0
        self._fell_off = False
        self._refresh()

    def _drop(self, steps: Sequence[Step]) -> None:
        """Steps no Undo can reach any more: the images they kept are let go of, with what
        else was kept for their artworks (:attr:`let_go_of`), and the refusals kept to be
        taken again are taken down. Before, a Delete dropped past :data:`MAX_DELETES` left
        its red "move that file away, then undo again" up, of an Undo no press reaches."""
        for step in steps:
            for said in step.refused:
                self.refusal_over.emit(said)
            step.refused.clear()
        # Their news alone: the rows they hold go with them, as MAX_DELETES promises.
        self._news_dropped.extend(
            Step(step.name, [], False, news=step.news, unplaced=step.unplaced)
            for step in steps
            if step.news is not None
        )
        gone = [each.row.id for step in steps for each in step.deleted]
        for each in gone:
            self._left_why.pop(each, None)
        if gone:
            self.let_go_of.emit(gone)
        kept = [path for step in steps for path in step.kept()]
        if kept:  # their room given back as they go (forget_kept)
            self.bridge.spawn(asyncio.to_thread(forget_kept, kept))

    def _say_lost(self, steps: Sequence[Step], *, undo: bool) -> None:
        """Say in a banner of news that ``steps``, each refused and kept to be taken again
        (its red banner saying to put something right, then undo or redo again), are no
        longer kept (``undo``: past :data:`MAX_STEPS` or :data:`MAX_DELETES`; else, undone,
        a new action took the place of their Redo): their red banners go
        (:meth:`_drop`), and before, nothing said that no press would take them any more."""
        for step in steps:
            if not step.refused:
                continue
            rows = [each.row for each in step.deleted]
            if undo and len(rows) == 1:
                message = self.tr(
                    "“{title}” can no longer be brought back: Undo keeps the last {deletes} "
                    "Deletes."
                ).format(title=sentence_title(rows[0]), deletes=grouped(MAX_DELETES))
            elif undo and rows:
                message = self.tr(
                    "{titles} can no longer be brought back: Undo keeps the last {deletes} Deletes."
                ).format(titles=some_titles(rows), deletes=grouped(MAX_DELETES))
            elif undo:
                message = self.tr(
                    "{action} can no longer be undone: Undo keeps the last {count} changes "
                    "other than Deletes."
                ).format(action=step.name, count=grouped(MAX_STEPS))
            else:
                message = self.tr(
                    "{action} can no longer be redone: a change was made in the library since "
                    "it was undone."
                ).format(action=step.name)
            self.news.emit(Said(message, ""))

    def record_delete(self, name: str, deleted: list[Deleted]) -> None:
        """Keep a Delete the artist just confirmed; one that removed nothing is not kept. The
        news of Undos naming artworks it deleted names them no more: before, it said they
        were back in the library, as only a Redo took them out of it."""
        if deleted:
            self._told_gone({each.row.id for each in deleted})
            step = Step(name, [], False, deleted)
            self._push(step)
            self._read_hashes(step)

    def not_kept(self, job_ids: Collection[int]) -> None:
        """Artworks a Delete of this window removed that no Undo brings back (deleted for
        good, a job still running, another program's meanwhile): what was kept to bring back
        with them goes at once (:attr:`let_go_of`), and why an Undo left an image of theirs
        in the trash (:attr:`_left_why`). Before, both stayed until the window closed."""
        for each in job_ids:
            self._left_why.pop(each, None)
        if job_ids:
            self.let_go_of.emit(list(job_ids))

    def _deleted_elsewhere(self, job_id: int) -> None:
        """``job_id`` was deleted by another window on the library or a command, found gone
        by a read of it: the news of Undos naming it names it no more, as after a Delete
        here. Before, it still said the artwork was back in the library. This window's
        Deletes and Redos say so as they end (:meth:`record_delete`, :meth:`_walk`)."""
        if not self.bridge.deleted_here(job_id):
            self._told_gone({job_id})

    def _told_gone(self, gone: Collection[int]) -> None:
        """The news of Undos, kept or dropped, without the artworks ``gone``
        (:meth:`_news_without`)."""
        told = [each for each in (*self._steps, *self._news_dropped) if each.news is not None]
        for each in told:
            self._news_without(each, gone)
        self._news_dropped = [each for each in self._news_dropped if each.news is not None]

    def _read_hashes(self, step: Step) -> None:
        """In the background, the hashes of the images ``step`` deleted whose rows have none
        (:func:`~kontext_studio.store.undo.with_digest`), for its Undo to tell one put back
        by hand; taken into its Delete once read, its Undo waiting for them when it needs
        one (:attr:`Step.hashing`)."""
        unread = [
            each.kept
            for each in step.deleted
            if each.kept is not None and not (each.row.sha256 or each.kept.sha256)
        ]
        if not unread:
            return

        def read() -> dict[Path, KeptImage]:
            return {kept.path: with_digest(kept) for kept in unread if not self._let_go.is_set()}

        async def hashed() -> None:
            by_path = await asyncio.to_thread(read)
            step.deleted = [
                each
                if each.kept is None
                else replace(each, kept=by_path.get(each.kept.path, each.kept))
                for each in step.deleted
            ]

        step.hashing = self.bridge.spawn(hashed())

    def record(self, name: str, changes: Sequence[Change | None], *, details: bool) -> None:
        """Keep a step the artist just took; one that changed nothing is not kept. Redo
        of the steps undone before it is no longer offered, as in any editor."""
        kept = [change for change in changes if change is not None]
        if kept:
            self._push(Step(name, kept, details))

    def _push(self, step: Step) -> None:
        if self._busy:
            self._waiting.append(step)
            return
        if not self._done:  # every step before it undone: none older is missed
            self._fell_off = False
        self._say_lost(self._steps[self._done :], undo=False)
        self._drop(self._steps[self._done :])
        del self._steps[self._done :]
        self._steps.append(step)
        # Deletes and the other steps fall off each by their own count: a hundred Stars
        # drop no Delete.
        deletes = [each for each in self._steps if each.is_delete]
        others = [each for each in self._steps if not each.is_delete]
        over = {*deletes[:-MAX_DELETES], *others[:-MAX_STEPS]}
        if over:
            self._fell_off = True
            self._say_lost([each for each in self._steps if each in over], undo=True)
            self._drop([each for each in self._steps if each in over])
            self._steps = [each for each in self._steps if each not in over]
        self._done = len(self._steps)
        self._refresh()

    def undo(self) -> None:
        self._ask(undo=True)

    def redo(self) -> None:
        self._ask(undo=False)

    def _ask(self, *, undo: bool) -> None:
        """Take the step before (``undo``) or after where the stack is; while one is being
        written, once it is, and those asked before. An Undo or Redo pressed while one waits
        for its images to be read says so again (:meth:`_hashes_needed`), and is not kept: a
        second Ctrl+Z for the one that gave no sign took back the step before it too, and a
        Redo, taken once the images were read, deleted again what the Undo brought back."""
        if self._busy and self._reading is not None:
            self.notice.emit(self._reading)
        elif self._busy:
            if self._after > 0 if undo else self._after < len(self._steps):
                self._after += -1 if undo else 1
                self._asked.append(undo)
                self._refresh()
        elif undo and self._done:
            self._walk(self._done - 1, undo=True)
        elif not undo and self._done < len(self._steps):
            self._walk(self._done, undo=False)

    def _walk(self, index: int, *, undo: bool) -> None:
        """Write the step at ``index`` back (``undo``) or again, then move past it; refused,
        it is dropped (the words said by the bridge), the other steps kept, unless it is
        to be taken again (:func:`_to_be_taken_again`)."""
        step = self._steps[index]
        self._as_now(step)
        ledger = self.bridge.session.ledger
        unplaced: list[tuple[Snapshot, Unplaced]] = []
        self._busy = True
        # With the presses still queued (_settle took the first): else, refused as the Undo
        # waits to read its images (_hashes_needed), they left the Edit menu a step out.
        queued = sum(-1 if each else 1 for each in self._asked)
        self._after = (index if undo else index + 1) + queued
        self._refresh()

        async def written() -> list[Snapshot] | None:
            try:
                if step.deleted and undo:
                    await self._hashes_needed(step)
                    back = await asyncio.to_thread(self._bring_back, step.deleted)
                    unplaced.extend(self._why_left(step.deleted, back))
                    step.restored = back.rows
                    ids = {d.row.id: row.id for d, row in zip(step.deleted, back.rows, strict=True)}
                    # This window's steps too, at once (the bridge's signal is direct here).
                    self.bridge.session.engine.renumbered.emit(ids)
                    step.deleted = []
                    return [*back.rows, *back.repointed]
                if step.restored:
                    await asyncio.to_thread(require_unpublished_since, ledger, step.restored)
                    redid = self.tr("Redid {action}.").format(action=step.name)
                    step.deleted, name = await self._redelete(step.restored, redid)
                    step.name = name if step.deleted else step.name
                    step.restored = []
                    self._read_hashes(step)
                    return []
                async with self.bridge.starring:  # after Stars pressed before it
                    return await asyncio.to_thread(
                        partial(put_back, ledger, step.changes, undo=undo)
                    )
            except BaseException as error:
                kept = _to_be_taken_again(error)
                if kept:
                    # Said here, tagged, for its banner to go by what it is (refusal_over).
                    words = explain(error)
                    said = Said(words.message, words.hint, error_topic(error))
                    step.refused.append(said)
                    log_reported(error)
                    self.refused.emit(said)
                elif step in self._steps:
                    # One let go of meanwhile (the window closing stopped it) is gone already.
                    self._drop([step])
                    self._steps.remove(step)
                    self._done = min(self._done, index)
                self._asked.clear()  # the next press is the artist's, once the words are read
                self._settle()
                if not kept:
                    raise
                return None

        def done(rows: list[Snapshot] | None) -> None:
            if rows is None:  # refused, kept to be taken again: said
                return
            if step not in self._steps:  # let go of as the window closed
                self._settle()
                return
            self._done = index if undo else index + 1
            # A Delete redone that deleted nothing: its artworks deleted elsewhere meanwhile,
            # or kept (the trash refused their images, and Delete for good was declined).
            nothing = not (undo or step.changes or step.deleted)
            if nothing:
                self._steps.remove(step)
                self._done = index
            self._settle()
            for said in step.refused:
                self.refusal_over.emit(said)
            step.refused.clear()
            self._tell(rows, step.details)
            if undo and step.restored:
                # Not those pointed at them (an edit made from one): a Delete pressed again
                # deleted them too.
                restored = {row.id for row in step.restored}
                self.brought_back.emit([row for row in rows if row.id in restored])
            if undo:
                self.notice.emit(self.tr("Undid {action}.").format(action=step.name))
                if unplaced:
                    # With those a Redo that deleted only some again left back without
                    # their images (its news named them): named alone, they were dropped.
                    step.unplaced = [*step.unplaced, *unplaced]
                    step.news = self._say_unplaced(step.unplaced)
                    assert step.news is not None  # of some
                    self.news.emit(step.news)
            elif step.news is not None:  # its artworks deleted again, all or some
                self._news_without(step, {each.row.id for each in step.deleted})
            elif step.changes:
                # A Delete redone says so leading its own words (:data:`Redelete`): after
                # them, "Redid Delete." took the place of "Moved … to the Trash." and of
                # what Undo will not bring back.
                self.notice.emit(self.tr("Redid {action}.").format(action=step.name))

        self.bridge.spawn(written(), on_done=done, write=True)

    def _news_without(self, step: Step, gone: Collection[int]) -> None:
        """The news of ``step``'s Undo, once the artworks ``gone`` were deleted again, by its
        Redo (:attr:`Step.deleted`) or a Delete pressed anew: over, or, of some left (the
        trash refused their images, the library busy, or not chosen), naming them alone."""
        assert step.news is not None
        left = [(row, why) for row, why in step.unplaced if row.id not in gone]
        if len(left) == len(step.unplaced):
            return  # none of them deleted: still true
        was, step.news, step.unplaced = step.news, self._say_unplaced(left), left
        if step.news is None:
            self.news_over.emit(was)
        else:
            self.news_reworded.emit(was, step.news)

    def _why_left(
        self, deleted: Sequence[Deleted], back: BroughtBack
    ) -> list[tuple[Snapshot, Unplaced]]:
        """The artworks an Undo of ``deleted`` brought ``back`` without their images, and
        why, kept for a Delete of them again (:attr:`_left_why`): one deleted with its image
        still in the trash, where an Undo before left it, for the reason that Undo gave.
        Not one whose image was put back since (:meth:`image_seen`), nor one this Delete
        moved to the trash itself (:attr:`Snapshot.trashed_at`: put back before its tile
        read it again): the Delete it went with kept no copy of it, and says so."""
        before = {row.id: d for d, row in zip(deleted, back.rows, strict=True)}
        # Each reason goes with the id it was kept by: no artwork has that id any more.
        was = {now: self._left_why.pop(d.row.id, None) for now, d in before.items()}
        unplaced = []
        for row, why in back.unplaced:
            gone = before[row.id]
            left = gone.row.image_left_in_trash and gone.row.trashed_at is None
            if why is Unplaced.UNKEPT and gone.kept is None and left:
                why = was[row.id] or why
            self._left_why[row.id] = why
            unplaced.append((row, why))
        return unplaced

    async def _hashes_needed(self, step: Step) -> None:
        """Wait for the hashes of the images of ``step`` being read (:attr:`Step.hashing`)
        when its Undo needs one, saying so in the status bar: the image kept of one of them
        gone (a folder cleaner), its hash alone tells it put back from the trash by hand.
        With every image kept there, the Undo tells them by those: it waited for each whole
        image to be read (a large one on a slow disk, or many), Ctrl+Z doing nothing
        meanwhile. A failed read is reported by itself. Meanwhile Ctrl+Z says it again
        (:meth:`_ask`): it gave no sign, and a second press queued a second Undo. One pressed
        before it is said, as the Undo looks for its images, is refused alike: a Redo then,
        kept, deleted again what the Undo brought back."""
        hashing = step.hashing
        if hashing is None or hashing.done():
            return
        unread = [
            each
            for each in step.deleted
            if each.kept is not None and not (each.row.sha256 or each.kept.sha256)
        ]
        paths = [each.kept.path for each in unread if each.kept is not None]
        if not await asyncio.to_thread(_any_gone, paths):
            return
        rows = [each.row for each in unread]
        if len(rows) == 1:
            words = self.tr("Undo waits for “{title}” to be read…").format(
                title=sentence_title(rows[0])
            )
        else:
            words = self.tr("Undo waits for {titles} to be read…").format(titles=some_titles(rows))
        self._reading = words
        # Presses taken in the instant before are refused as those meanwhile are (:meth:`_ask`).
        self._after += sum(1 if undo else -1 for undo in self._asked)
        self._asked.clear()
        self._refresh()
        self.notice.emit(words)
        try:
            await asyncio.wait([hashing])
        finally:
            self._reading = None

    def _settle(self) -> None:
        """A step written (or refused): the steps taken meanwhile are kept after it."""
        self._busy = False
        waiting, self._waiting = self._waiting, []
        for step in waiting:
            self._push(step)
        if self._asked:
            self._ask(undo=self._asked.pop(0))
        self._refresh()

    def _renumber(self, ids: Mapping[int, int]) -> None:
        """The other steps act on the artworks a Delete undone brought back under their new
        ids (``ids``, by old id), in this window or another on the library: else a Star
        before the Delete, undone after it, said the artwork was deleted. Kept for each
        step to be read through as it is taken (:meth:`_as_now`); its cost is that of
        ``ids``, not of the steps kept. The reasons images were left in the trash
        (:attr:`_left_why`) follow them: kept by this window's ids, an Undo of a Delete of
        the artwork in another window lost them."""
        self._renumbered.add(ids)
        for old, new in ids.items():
            if (why := self._left_why.pop(old, None)) is not None:
                self._left_why[new] = why

    def _as_now(self, step: Step) -> None:
        """``step`` as it acts now (:meth:`_renumber`): its changes on the artworks under
        their ids of now, and so the rows a Redo of a Delete undone here will delete again
        (another window's Delete undone took them away under their old ids, and the Redo
        deleted nothing). The rows a Delete keeps are pointed at them as its Undo brings them
        back (:meth:`_bring_back`)."""
        ids = self._renumbered
        step.changes = [
            replace(change, job_id=ids.get(change.job_id, change.job_id)) for change in step.changes
        ]
        step.restored = [replace(row, id=ids.get(row.id, row.id)) for row in step.restored]
        step.unplaced = [
            (replace(row, id=ids.get(row.id, row.id)), why) for row, why in step.unplaced
        ]

    def _bring_back(self, deleted: Sequence[Deleted]) -> BroughtBack:
        """Blocking: :func:`bring_back` of ``deleted``, each naming the artworks it named
        (the job it was kept for, the artwork its reference was) under their ids of now
        (:func:`pointing_at`): read in the worker thread, only this Delete's requests."""
        ids = self._renumbered
        now = [replace(d, row=pointing_at(d.row, ids)) for d in deleted]
        return bring_back(self.bridge.session.ledger, now, self._let_go)

    def _say_unplaced(self, unplaced: Sequence[tuple[Snapshot, Unplaced]]) -> Said | None:
        """The news naming the artworks an Undo of a Delete brought back without their
        images, and why (:attr:`~kontext_studio.store.undo.BroughtBack.unplaced`): the
        others came back whole; None when all came back whole. Before, one image saved over
        or gone refused the whole Delete, and every artwork in it was lost."""
        worded = (
            (
                Unplaced.GONE,
                self.tr(
                    "“{title}” came back without its image: the copy Kontext Studio kept to "
                    "undo its Delete is no longer there."
                ),
                self.tr(
                    "{titles} came back without their images: the copies Kontext Studio kept "
                    "to undo their Delete are no longer there."
                ),
            ),
            (
                Unplaced.CHANGED,
                self.tr(
                    "“{title}” came back without its image: the image was changed on disk "
                    "since it was deleted, so it was not put back."
                ),
                self.tr(
                    "{titles} came back without their images: they were changed on disk since "
                    "they were deleted, so they were not put back."
                ),
            ),
            (
                Unplaced.UNKEPT,
                self.tr(
                    "“{title}” came back without its image: no copy of it could be kept as it "
                    "was deleted."
                ),
                self.tr(
                    "{titles} came back without their images: no copy of them could be kept as "
                    "they were deleted."
                ),
            ),
        )
        said = []
        for kind, one, several in worded:
            rows = [row for row, why in unplaced if why == kind]
            if len(rows) == 1:
                said.append(one.format(title=sentence_title(rows[0])))
            elif rows:
                said.append(several.format(titles=some_titles(rows)))
        if not said:
            return None
        return Said(join_sentences(*said), self._maybe_in_trash(len(unplaced)))

    def _maybe_in_trash(self, count: int) -> str:
        """Where the images of ``count`` artworks an Undo brought back without them may
        still be, by the name this system gives the trash: their tiles said only "Image
        missing", as if they were lost."""
        sentences = {
            Desktop.WINDOWS: (
                self.tr(
                    "Its image may still be in the Recycle Bin: restore it from there to put "
                    "it back."
                ),
                self.tr(
                    "Their images may still be in the Recycle Bin: restore them from there to "
                    "put them back."
                ),
            ),
            Desktop.MACOS: (
                QCoreApplication.translate(
                    "LibraryUndo",
                    "Its image may still be in the Trash: restore it from there to put it back.",
                    "macOS",
                ),
                QCoreApplication.translate(
                    "LibraryUndo",
                    "Their images may still be in the Trash: restore them from there to put "
                    "them back.",
                    "macOS",
                ),
            ),
            Desktop.LINUX: (
                QCoreApplication.translate(
                    "LibraryUndo",
                    "Its image may still be in the Trash: restore it from there to put it back.",
                    "Linux",
                ),
                QCoreApplication.translate(
                    "LibraryUndo",
                    "Their images may still be in the Trash: restore them from there to put "
                    "them back.",
                    "Linux",
                ),
            ),
        }
        one, several = sentences[desktop.current()]
        return one if count == 1 else several

    def _refresh(self) -> None:
        """Each action named by the step it takes ("Undo Rename"), greyed with none; while
        a step is being written, the step the next press will take, once it and those asked
        before are."""
        done = self._after if self._busy else self._done
        can_undo = bool(done)
        can_redo = done < len(self._steps)
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        # The Edit menu shows tooltips: a greyed one says why, as the artwork actions do.
        if can_undo:
            undo_words = self.tr("Take back the last change made in the library")
        elif self._fell_off:
            undo_words = self.tr(
                "Nothing older in the library to undo: Undo keeps the last {deletes} "
                "Deletes and the last {count} other changes."
            ).format(deletes=grouped(MAX_DELETES), count=grouped(MAX_STEPS))
        else:
            undo_words = self.tr("Nothing in the library to undo.")
        if can_redo:
            redo_words = self.tr("Make the change Undo took back again")
        else:
            redo_words = self.tr("Nothing in the library to redo.")
        self._words = {self.undo_action: undo_words, self.redo_action: redo_words}
        self.undo_action.setToolTip(plain_tooltip(undo_words))
        self.redo_action.setToolTip(plain_tooltip(redo_words))
        if can_undo:
            name = self._steps[done - 1].name
            self.undo_action.setText(self.tr("&Undo {action}").format(action=name))
        else:
            self.undo_action.setText(self.tr("&Undo"))
        if can_redo:
            name = self._steps[done].name
            self.redo_action.setText(self.tr("Red&o {action}").format(action=name))
        else:
            self.redo_action.setText(self.tr("Red&o"))


def _any_gone(paths: Sequence[Path]) -> bool:
    """Blocking: whether any of ``paths`` is gone."""
    return not all(os.path.lexists(path) for path in paths)


def _to_be_taken_again(error: BaseException) -> bool:
    """Whether a step refused with ``error`` is kept for Undo or Redo to take again: its
    words say what to put right first (another file in an image's place), or it wrote
    nothing, the library busy (another program holds it) or its disk full, and its words
    say to try again. Dropped, Ctrl+Z then said there was nothing to undo, and a Delete
    went with the links to its images, lost to an artist who trusted its question."""
    return isinstance(error, StorageError | PutRightFirstError)


def _follow_greyed(keys: QAction, enabled: bool) -> None:
    keys.setEnabled(not enabled)
