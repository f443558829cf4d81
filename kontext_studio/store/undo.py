"""Putting an artwork's details back as they were: the library's Undo and Redo.

A change the artist made in the library (Rename, Edit details, Add tags, Star) is kept as
the columns it changed, before and after (:class:`Change`). Undo writes the ``before`` values
back, Redo the ``after`` ones, each only over the values the other left: an artwork changed
since by another route (another window, a command, a later action whose Undo is not asked
for) is not written over, and one deleted meanwhile cannot be; both are refused in words
that say so, and nothing of the step is written (one transaction for all its artworks).

A Delete is kept as the rows it removed and, for each image, a hard link to it (a copy where
a link cannot be made, within :class:`CopyBudget`) in the app's own folder
(:func:`keep_image`), made before the image goes to the desktop's trash: the trash's own
place for it is the system's, found again only
where the trash keeps a record the app can read. Undo puts each image back where it was and
writes the rows back (:func:`bring_back`), and takes it out of such a trash. What a
published artwork's row says of its copy in R2 comes back as it was: a Delete never touches
the bucket, and with its row gone nothing here could remove the copy meanwhile.

Each window keeps its links in a folder of its own (:class:`KeptFolder`), named at random
and held by a locked file beside it for as long as the window is open: the operating
system lets go of the lock when the process ends, even killed, so a folder whose file no
one holds is a window's that is gone, and its links are removed at the next start
(:func:`forget_left`). A link keeps a trashed image's bytes on the disk after the Trash is
emptied; a folder still held is another window's, its Undo still to come.
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import os
import shutil
import stat
import tempfile
import threading
import time
import weakref
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from kontext_studio.errors import JobGoneError, Refusal
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.jobs.claim import close_and_remove, lock_now, names, open_existing
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.trash import take_back_out

UNDO_GONE = QT_TRANSLATE_NOOP(
    "Errors",
    "“{title}” was deleted meanwhile (in another window or by a command), so this cannot "
    "be undone or redone.",
)
PLACE_TAKEN = QT_TRANSLATE_NOOP(
    "Errors",
    "Another file is now where the image of “{title}” was, so its Delete cannot be undone: "
    "move that file away, then undo again.",
)
IMAGE_NOT_PUT_BACK = QT_TRANSLATE_NOOP(
    "Errors",
    "The image of “{title}” could not be put back in the library folder, so the Delete was "
    "not undone.",
)
PLACE_TAKEN_UNTOLD = QT_TRANSLATE_NOOP(
    "Errors",
    "A file is now where the image of “{title}” was, and the copy Kontext Studio kept to "
    "undo its Delete is gone, so it cannot tell whether that file is the image: move that "
    "file away, then undo again.",
)


class PutRightFirstError(Refusal):
    """An Undo of a Delete refused for what the artist can put right (another file in an
    image's place to move away, a disk to free some space: :data:`PLACE_TAKEN`,
    :data:`PLACE_TAKEN_UNTOLD`, :data:`IMAGE_NOT_PUT_BACK`), then undo again: its step is
    kept. Told by its class, not by its words, which a rewording changes."""


UNDO_CHANGED = QT_TRANSLATE_NOOP(
    "Errors",
    "“{title}” was changed meanwhile (in another window or by a command), so this cannot be "
    "undone or redone: that change is kept.",
)


@dataclass(frozen=True)
class Change:
    """What one action changed of one artwork: the columns it wrote, as they were
    (``before``) and as it left them (``after``); ``title`` names the artwork in words."""

    job_id: int
    title: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]


def change_of(before: Snapshot, after: Snapshot, fields: tuple[str, ...]) -> Change | None:
    """The change from ``before`` to ``after`` in ``fields``; None when none of them
    changed (an OK on the title as it was, a tag the artwork had already)."""
    changed = [name for name in fields if getattr(before, name) != getattr(after, name)]
    if not changed:
        return None
    return Change(
        before.id,
        after.display_title,
        {name: getattr(before, name) for name in changed},
        {name: getattr(after, name) for name in changed},
    )


def put_back(ledger: Ledger, changes: list[Change], *, undo: bool) -> list[Snapshot]:
    """Blocking: write each of ``changes`` back (``undo``) or again (Redo), in one write;
    the rows as written. Raises :class:`JobGoneError` when an artwork is gone and
    :class:`Refusal` when one no longer holds the values the step left, nothing written."""
    written: list[Snapshot] = []
    with ledger.batch():
        for change in changes:
            now, wanted = (change.after, change.before) if undo else (change.before, change.after)
            held = ledger.get(change.job_id)
            if held is None:
                raise JobGoneError.worded(UNDO_GONE, title=change.title)
            if any(getattr(held, name) != value for name, value in now.items()):
                raise Refusal.worded(UNDO_CHANGED, title=held.display_title)
            written.append(ledger.update(change.job_id, **wanted))
    return written


_PUBLICATION = ("published_key", "retired_key", "published_bucket", "published_host")
"""What an artwork's row says of its copy in R2."""


def require_unpublished_since(ledger: Ledger, rows: Sequence[Snapshot]) -> None:
    """Blocking: refuse a Redo of a Delete when one of ``rows``, the artworks its Undo
    brought back, was published or unpublished since (Publish is no step of Undo's, so
    Redo was still offered): the Delete's question, not asked again, says what stays in
    the bucket. One deleted meanwhile is left to the Delete."""
    for row in rows:
        held = ledger.get(row.id)
        if held is not None and any(
            getattr(held, name) != getattr(row, name) for name in _PUBLICATION
        ):
            raise Refusal.worded(UNDO_CHANGED, title=held.display_title)


@dataclass(frozen=True)
class KeptImage:
    """The app's own link to a deleted image (:func:`keep_image`), and its size and time
    of change as it was kept: Undo tells by them an image changed since the Delete (the
    link shares its bytes with the file in the trash). Not by the row's hash, which tells
    the image as it was made or imported: one saved over in place by another program
    before the Delete was refused, and the whole Delete with it. The hash only clears one
    whose time moved, its bytes still those it was made with (:func:`_as_made`).
    ``sha256``: the hash of the image as kept, read only for a row that has none (one
    recorded before hashes were kept), after its Delete (:func:`with_digest`): with the link
    gone (a folder cleaner), the image put back from the trash by hand was refused as a file
    Undo "cannot tell" from another."""

    path: Path
    size: int
    mtime_ns: int
    sha256: str = ""


@dataclass(frozen=True)
class Deleted:
    """An artwork a Delete removed: its row as it was, and the app's own link to its image
    (:func:`keep_image`); ``kept`` None for one with no image, or whose image was gone
    already (it comes back as it went, its tile saying "Image missing"). ``stored_path``:
    the ``file_path`` its row held where it names no file (a relative path, another
    program's: read as none, :attr:`Snapshot.file_path`), written back as it was. Before,
    Undo brought the row back with an empty path, that program's value lost."""

    row: Snapshot
    kept: KeptImage | None
    stored_path: str = ""

    @property
    def as_stored(self) -> Snapshot:
        """The row as the library held it, to be written back."""
        if self.stored_path and not self.row.file_path:
            return replace(self.row, file_path=self.stored_path)
        return self.row


COPY_CAP = 1 << 30
"""The most the copies a window keeps for Undo may take, in bytes (1 GiB): about 100 to 250
images of 4 MP, more than most Deletes picked by hand hold, copied in seconds. Links cost
nothing and are not counted; copies are made only where the disk takes no links (the
library on another disk than the app's data, FAT). Before, each Delete copied all its
images first: a Ctrl+A Delete of 1 000 copied 4.5 to 12.6 GB, for minutes, filling the disk."""
FREE_SHARE = 0.1
"""Nor more than this part of the room on the copies' disk (its free space and what the
copies take already): the library's new images and its database keep the rest."""


class NoRoomForCopy(OSError):
    """A copy of a deleted image past what :class:`CopyBudget` allows: not made, the image
    kept as one that could not be (:func:`keep_image`)."""


class CopyBudget:
    """The bytes the copies of deleted images kept for a library's Undo take
    (:func:`keep_image`), and what they may take: :data:`COPY_CAP`, nor more than the
    :data:`FREE_SHARE` part of the room on their disk. One for every window of this process
    on a library (:func:`copy_budget`): each window, and its preview pane, had one of its
    own, and two windows copied 2 GiB. A copy past it is not made; those of older Deletes
    are not removed to make room: their questions promised their Undo, and the new Delete
    says at once which come back without their images. A copy removed (its Delete undone
    or no longer kept, :func:`forget_kept`, or its window closed) gives its room back at
    once (:meth:`forget`); one removed by another route once :meth:`forget_gone` sees it
    gone. Shared by Deletes running at once, each in a worker thread."""

    def __init__(self) -> None:
        self.cap = COPY_CAP
        self._guard = threading.Lock()
        self._copies: dict[Path, int] = {}
        self._making: set[Path] = set()  # taken, their files not yet made (made())
        self._copying = False  # the last image kept was copied (or refused a copy)
        self._allowed = COPY_CAP  # what the copies could take, as last read
        self._kept_any = False  # an image was kept: what it found outweighs a probe's
        self._probed: set[Path] = set()  # the library folders :meth:`probe` looked at

    def room_left(self) -> int | None:
        """Not blocking, for a Delete's question: the bytes copies may still take, as last
        seen; None when the last image kept was linked, or the library's disk was found to
        take links (:meth:`probe`: copies are not needed). Copies removed by another route
        than :meth:`forget` are seen only by the next Delete: it may find more room."""
        with self._guard:
            if not self._copying:
                return None
            return max(0, self._allowed - sum(self._copies.values()))

    def linked(self) -> None:
        """The last image kept was linked: copies are not needed (the next Delete's question
        says nothing of their room)."""
        with self._guard:
            self._copying, self._kept_any = False, True

    def probe(self, library: Path, root: Path) -> None:
        """Blocking: learn whether the disk of ``library`` (where the images are) takes links
        into ``root`` (where they are kept), by a link of a tiny file of its own
        (:func:`links_taken`), once for each library folder: the first Delete's question
        then says what copies may not fit. Before, only a Delete found the disk refused
        links, and the first one's question promised every image back. What an image kept
        found is not undone by it."""
        with self._guard:
            if library in self._probed:
                return
            self._probed.add(library)
        taken = links_taken(library, root)
        if taken is None:  # a library folder not made yet (a first start): the next window's
            with self._guard:
                self._probed.discard(library)
        if taken is not False:
            return
        free = _free_space(root)
        with self._guard:
            if not self._kept_any:
                self._copying = True
                self._allowed = self._allowed_with(free, sum(self._copies.values()))

    def forget_gone(self) -> None:
        """Blocking: give back the room of the copies removed since (a stat of each), not
        of one still being made: its file not there yet, another Delete's call gave its
        room back, and the copies went past the budget."""
        with self._guard:
            held = [path for path in self._copies if path not in self._making]
        gone = [path for path in held if not os.path.lexists(path)]
        self.forget(gone)

    def forget(self, copies: Collection[Path]) -> None:
        """Not blocking: give back the room of ``copies``, removed or about to be (their
        Delete no longer kept): the next question counts without them. Before, a Delete
        that fell off Undo's list kept its room until the next Delete had been asked, and
        that question said images might come back without theirs that had room."""
        with self._guard:
            for path in copies:
                self._copies.pop(path, None)
                self._making.discard(path)

    def forget_under(self, folder: Path) -> None:
        """Not blocking: give back the room of the copies in ``folder``, removed as its
        window closed (:meth:`KeptFolder.release`): the other windows share the budget."""
        with self._guard:
            held = [path for path in self._copies if path.parent == folder]
        self.forget(held)

    def take(self, copy: Path, size: int) -> bool:
        """Blocking (the free space read): whether a copy of ``size`` bytes may be made at
        ``copy``, its room taken if so."""
        # Outside the guard: a slow disk's answer held the question's room_left, on the GUI
        # thread, while another Delete kept its images.
        free = _free_space(copy.parent)
        with self._guard:
            used = sum(self._copies.values())
            allowed = self._allowed_with(free, used)
            self._copying, self._allowed, self._kept_any = True, allowed, True
            if used + size > allowed:
                return False
            self._copies[copy] = size
            self._making.add(copy)
            return True

    def _allowed_with(self, free: int | None, used: int) -> int:
        """What the copies may take with ``free`` bytes free on their disk (None: unknown)
        and ``used`` taken by them already."""
        if free is None:
            return self.cap
        return min(self.cap, int((free + used) * FREE_SHARE))

    def made(self, copy: Path) -> None:
        """``copy`` is made: its room is given back once it is gone (:meth:`forget_gone`)."""
        with self._guard:
            self._making.discard(copy)

    def give_back(self, copy: Path) -> None:
        """The room of ``copy``, not made after all (its copy failed)."""
        self.forget([copy])


def _free_space(folder: Path) -> int | None:
    """Blocking: the bytes free on the disk of ``folder``; None when it cannot be read."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


_BUDGETS: weakref.WeakValueDictionary[str, CopyBudget] = weakref.WeakValueDictionary()
"""The budget of each folder of kept folders, by its path, while a window uses it."""
_BUDGETS_GUARD = threading.Lock()


def copy_budget(root: Path) -> CopyBudget:
    """The one budget of the copies kept in ``root`` (the library's folder of the windows'
    kept folders) in this process: every window's, and its preview pane's, on that library."""
    key = os.path.abspath(root)
    with _BUDGETS_GUARD:
        budget = _BUDGETS.get(key)
        if budget is None:
            budget = CopyBudget()
            _BUDGETS[key] = budget
        return budget


def give_room_back(copies: Collection[Path | None]) -> None:
    """Not blocking: the room of ``copies`` given back in whichever budget holds them."""
    held = [path for path in copies if path is not None]
    with _BUDGETS_GUARD:
        budgets = list(_BUDGETS.values())
    for budget in budgets:
        budget.forget(held)


_PROBE = ".link-check-"
"""The start of the name of the tiny file :func:`links_taken` makes, and of its link."""

_PROBE_LEFT_S = 3600
"""Seconds after which a tiny file of :func:`links_taken` still in the library folder was
left by a process killed mid-look (the look takes milliseconds), and is removed."""


def links_taken(library: Path, root: Path) -> bool | None:
    """Blocking: whether a hard link can join a file in ``library`` to ``root``, tried with
    a tiny file of its own made in ``library`` and linked into ``root``, both removed at
    once; None when that cannot tell (no file can be made in ``library``, a folder not
    made yet, or ``root``)."""
    _forget_left_probes(library)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=_PROBE, dir=library)
    except OSError:
        return None
    os.close(fd)
    source = Path(name)
    target = root / f"{_PROBE}{os.getpid()}-{os.urandom(8).hex()}"
    try:
        os.link(source, target)
    except (FileExistsError, FileNotFoundError):  # not the disk's answer
        return None
    except OSError:
        return False
    else:
        return True
    finally:
        for made in (target, source):
            with contextlib.suppress(OSError):
                made.unlink()


def _forget_left_probes(library: Path) -> None:
    """Blocking: remove the tiny files of :func:`links_taken` a process killed mid-look left
    in ``library``, the artist's folder (seen in Explorer, where a dot hides no file): the
    app's leftovers in its own folder are removed by :func:`forget_left`."""
    try:
        left = list(library.glob(f"{_PROBE}*"))
    except OSError:
        return
    now = time.time()
    for path in left:
        with contextlib.suppress(OSError):
            if now - path.lstat().st_mtime > _PROBE_LEFT_S:
                path.unlink()


_LOCK = ".lock"
"""Beside a window's folder of kept links (``<name>``): the file it holds locked
(``<name>.lock``)."""
_CLAIM_TRIES = 5


class KeptFolder:
    """This window's own folder in ``root`` for the links its Deletes keep: claimed at the
    first (:meth:`claimed`, its lock file made and locked before the folder is), let go of
    as the window closes (:meth:`release`), links and lock file removed. Blocking calls: a
    worker thread's, but :meth:`release`, a few removals as the window closes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.copies = copy_budget(root)
        """What the copies kept here and in the other windows' folders may take
        (:func:`keep_image`)."""
        self._guard = threading.Lock()  # two Deletes may keep at once, each in a thread
        self._held: tuple[Path, int] | None = None  # the folder, and its lock file's fd
        self._released = False

    def claimed(self) -> Path | None:
        """The folder, claimed if it is not yet; None when no lock file can be made there
        (nothing could be kept there either) or once the window closed."""
        with self._guard:
            if self._held is None and not self._released:
                self._held = _claim(self.root)
            return None if self._held is None else self._held[0]

    def release(self) -> None:
        """Remove the folder and what it keeps, then the lock file: no Undo can reach them
        once the window closed. A folder that cannot be removed is left to the next start."""
        with self._guard:
            self._released = True
            held, self._held = self._held, None
        if held is not None:
            folder, fd = held
            shutil.rmtree(folder, ignore_errors=True)
            self.copies.forget_under(folder)
            close_and_remove(_lock_of(folder), fd)


def _lock_of(folder: Path) -> Path:
    return folder.with_name(folder.name + _LOCK)


def _claim(root: Path) -> tuple[Path, int] | None:
    """Blocking: a new folder name in ``root`` and its lock file, made and locked; None
    when it cannot be. A name whose file another start removed between its making and its
    locking (:func:`forget_left` found it unlocked) is given up for another."""
    for _ in range(_CLAIM_TRIES):
        folder = root / f"{os.getpid()}-{os.urandom(8).hex()}"
        lock = _lock_of(folder)
        try:
            root.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            return None
        if lock_now(fd) and names(lock, fd):
            return folder, fd
        os.close(fd)
    return None


def keep_image(
    path: Path, folder: Path | None, budget: CopyBudget | None = None
) -> KeptImage | None:
    """Blocking: a hard link to the image at ``path`` in ``folder`` (a copy where the disk
    takes no links, within ``budget``), before a Delete moves it to the trash; None when it
    is not there or cannot be kept, or there is no ``folder`` (:meth:`KeptFolder.claimed`),
    or its copy would not fit in ``budget``: the Delete goes on, and says as it ends that
    its Undo will bring the artwork back without its image."""
    if folder is None:
        return None
    kept = folder / f"{os.urandom(8).hex()}{path.suffix}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _link_or_copy(path, kept, budget)
        as_kept = kept.stat()
    except OSError:
        with contextlib.suppress(OSError):
            kept.unlink()
        if budget is not None:
            budget.give_back(kept)
        return None
    return KeptImage(kept, as_kept.st_size, as_kept.st_mtime_ns)


def with_digest(kept: KeptImage) -> KeptImage:
    """Blocking: ``kept`` with the hash of its image as kept (:attr:`KeptImage.sha256`), read
    once its Delete is done, not before it: the whole image read with the library locked,
    a large one on a slow disk (or many) held the Delete. As it was when the link is gone,
    or changed since it was kept (its hash would not be the image's as deleted)."""
    try:
        now = kept.path.stat()
        if (now.st_size, now.st_mtime_ns) != (kept.size, kept.mtime_ns):
            return kept
        return replace(kept, sha256=_digest(kept.path))
    except OSError:
        return kept


def _digest(path: Path) -> str:
    """Blocking: the SHA-256 of the file at ``path``, in hex."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _link_or_copy(source: Path, target: Path, budget: CopyBudget | None = None) -> None:
    """Blocking: ``target`` made a hard link to ``source``, a copy where the disk takes no
    links (FAT, another volume), and only where ``budget`` has room for it
    (:class:`NoRoomForCopy`). Never over a file already at ``target`` (FileExistsError):
    one that appeared there after :func:`_check_image` is someone's, not ours to replace."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        if budget is not None and not budget.take(target, source.stat().st_size):
            raise NoRoomForCopy() from None
        _copy_as_new(source, target)
        if budget is not None:
            budget.made(target)
    else:
        if budget is not None:
            budget.linked()


def _copy_as_new(source: Path, target: Path) -> None:
    """Blocking: ``source`` copied to ``target``, which must not exist yet; a copy cut short
    is removed (the file was made here, so it is ours)."""
    with source.open("rb") as read, target.open("xb") as written:
        try:
            shutil.copyfileobj(read, written)
        except BaseException:
            written.close()
            target.unlink(missing_ok=True)
            raise
    shutil.copystat(source, target)


def forget_kept(kept: Sequence[Path | None]) -> None:
    """Blocking: remove the app's links and copies of deleted images no Undo can reach any
    more (its step dropped, or undone); one gone already is left at that. The room of the
    copies removed is given back to their budget (:meth:`CopyBudget.forget`)."""
    removed: list[Path] = []
    for path in kept:
        if path is None:
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            continue  # still there: its room still taken
        removed.append(path)
    give_room_back(removed)


def forget_left(root: Path) -> None:
    """Blocking: remove what windows that are gone kept in ``root``: one killed before it
    closed (a crash, a power cut) left its links there, and a link keeps a trashed image's
    bytes on the disk after the Trash is emptied. A folder whose lock file another window
    holds is that window's, left alone; one with no lock file at all is a window's of a
    version before them, or one whose folder outlived its lock file (:meth:`KeptFolder.release`
    removes the folder first): gone either way."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name.endswith(_LOCK):
            _forget_if_gone(entry.with_name(entry.name.removesuffix(_LOCK)), entry)
        elif not os.path.lexists(_lock_of(entry)):
            _remove(entry)


def _forget_if_gone(folder: Path, lock: Path) -> None:
    """Remove ``folder`` and its ``lock`` file when no window holds it."""
    fd = open_existing(lock)
    if fd is None:
        return  # removed meanwhile, as its window closed
    if not (lock_now(fd) and names(lock, fd)):
        os.close(fd)
        return
    _remove(folder)
    close_and_remove(lock, fd)


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            entry.unlink()


class Unplaced(Enum):
    """Why an Undo of a Delete did not put an image back (:attr:`BroughtBack.unplaced`)."""

    GONE = "gone"
    """The app's link to it is no longer where it kept it."""
    CHANGED = "changed"
    """It was changed on disk since its Delete."""
    UNKEPT = "unkept"
    """Its Delete sent it to the trash, and no link or copy of it could be kept
    (:func:`keep_image`: the disk full), or it was there already, left by an earlier Undo."""
    BACK_ALREADY = "back"
    """The artist put it back from the trash by hand: left as it is, its artwork brought back
    with it (not among :attr:`BroughtBack.unplaced`)."""


def _check_image(deleted: Deleted) -> Unplaced | None:
    """Refuse to bring back ``deleted`` when another file took its image's place (the
    artist can move it away, then undo again); else why its kept image is not put back
    (gone, or changed since the Delete: the artwork comes back without it, the others of
    its Delete with theirs; or put back by hand already), None when it is to be."""
    kept = deleted.kept
    assert kept is not None  # of those with an image kept
    place = Path(deleted.row.file_path)
    if os.path.lexists(place):
        if _is_kept(place, kept.path) or _is_as_made(place, deleted.row.sha256):
            return Unplaced.BACK_ALREADY
        if kept.sha256 and _is_as_made(place, kept.sha256, kept.size):
            return Unplaced.BACK_ALREADY  # its hash read once it was deleted
        # With the link gone (a folder cleaner), the file there cannot be told from the
        # image changed since: "Another file" claimed one put back by hand was another's.
        gone = not os.path.lexists(kept.path)
        raise PutRightFirstError.worded(
            PLACE_TAKEN_UNTOLD if gone else PLACE_TAKEN, title=deleted.row.display_title
        )
    try:
        now = kept.path.stat()
    except OSError:
        return Unplaced.GONE
    if (now.st_size, now.st_mtime_ns) != (kept.size, kept.mtime_ns) and not _as_made(
        kept.path, deleted.row.sha256 or kept.sha256
    ):
        return Unplaced.CHANGED
    return None


def _is_kept(place: Path, kept: Path) -> bool:
    """Blocking: whether the file at ``place`` is the image ``kept``: the very file, put
    back from the trash by hand (a link shares it), or its bytes (a copy was kept). Before,
    Undo said another file was in its place, and would not come until the artist moved
    their own image away. Once ``kept`` is gone (a folder cleaner), :func:`_check_image`
    tells the image by its row's hash (:func:`_is_as_made`)."""
    try:
        here, there = place.lstat(), kept.stat()
        return stat.S_ISREG(here.st_mode) and (
            os.path.samestat(here, there)
            or (here.st_size == there.st_size and filecmp.cmp(place, kept, shallow=False))
        )
    except OSError:
        return False


def _is_as_made(place: Path, sha256: str, size: int | None = None) -> bool:
    """Blocking: whether the file at ``place`` (a file, not a link) is the image as its
    artwork was made (``sha256``): put back from the trash by hand, whatever became of the
    app's own link to it. ``size``: the image's, when known: a file of another is not read."""
    try:
        here = place.lstat()
    except OSError:
        return False
    if size is not None and here.st_size != size:
        return False
    return stat.S_ISREG(here.st_mode) and _as_made(place, sha256)


def _as_made(kept: Path, sha256: str) -> bool:
    """Blocking: whether ``kept``, whose size or time of change moved since its Delete, is
    still the image as its artwork was made (``sha256``, its row's): touched without a change
    (a backup, an indexer, a clock put right), it was not put back."""
    if not sha256:
        return False
    try:
        return _digest(kept) == sha256
    except OSError:
        return False


@dataclass(frozen=True)
class BroughtBack:
    """What an Undo of a Delete wrote: the artworks it brought back (``rows``, under new
    ids), and the others it pointed at them (``repointed``: :func:`_repoint`); ``unplaced``,
    of those whose image it could not put back, the row as it came back and why
    (:class:`Unplaced`, never ``BACK_ALREADY``)."""

    rows: list[Snapshot]
    repointed: list[Snapshot]
    unplaced: list[tuple[Snapshot, Unplaced]]


class LetGo(Exception):
    """The window closed while its Undo of a Delete was written (``let_go`` of
    :func:`bring_back`): nothing is written. The artist is told nothing: the window is gone."""


def bring_back(
    ledger: Ledger, deleted: Sequence[Deleted], let_go: threading.Event | None = None
) -> BroughtBack:
    """Blocking: undo a Delete. Every image checked first (:func:`_check_image`): another
    file in the place of one leaves all of them as they are, to be undone once it is moved
    away; one that is gone or changed is not put back, its artwork brought back without it
    (as one whose image could not be kept), never the Delete refused whole: every artwork
    of it was lost for one image saved over; one the artist put back by hand is left as it
    is. Then each image put back where it was and the rows written back
    (:meth:`Ledger.bring_back`, under new ids), the artworks that named them pointed at them
    (:func:`_repoint`), in one write; then each image taken out of the trash where it can be
    (:func:`take_back_out`), so that the artist, putting it back from there later, does not
    meet it in its place. Should the rows not be written, the images put back are removed
    again: so too once ``let_go`` is set, set by the window as it closes before it lets go
    of the images kept (:class:`LetGo`). Else the checks, finding them gone, wrote the
    artworks back without them, their images left in the trash."""
    with_image = [d for d in deleted if d.row.file_path and d.kept is not None]
    why = {each.row.id: _check_image(each) for each in with_image}
    why |= {d.row.id: Unplaced.UNKEPT for d in deleted if _left_in_trash(d)}
    placing = [each for each in with_image if why[each.row.id] is None]
    placed: list[Path] = []
    try:
        for each in placing:
            assert each.kept is not None  # checked
            target = Path(each.row.file_path)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(each.kept.path, target)
            except FileExistsError as error:
                raise PutRightFirstError.worded(
                    PLACE_TAKEN, title=each.row.display_title
                ) from error
            except OSError as error:
                raise PutRightFirstError.worded(
                    IMAGE_NOT_PUT_BACK, title=each.row.display_title
                ) from error
            placed.append(target)
        if let_go is not None and let_go.is_set():
            raise LetGo
        with ledger.batch():
            rows = ledger.bring_back([_as_brought_back(d, why.get(d.row.id)) for d in deleted])
            ids = {d.row.id: row.id for d, row in zip(deleted, rows, strict=True)}
            repointed = _repoint(ledger, ids)
    except BaseException:
        forget_kept(placed)
        raise
    take_back_out([Path(each.row.file_path) for each in placing])
    forget_kept([d.kept.path for d in with_image if d.kept is not None])
    back = [repointed.pop(row.id, row) for row in rows]
    unplaced: list[tuple[Snapshot, Unplaced]] = [
        (row, reason)
        for d, row in zip(deleted, back, strict=True)
        if (reason := why.get(d.row.id)) is not None and reason is not Unplaced.BACK_ALREADY
    ]
    return BroughtBack(back, list(repointed.values()), unplaced)


def _as_brought_back(deleted: Deleted, why: Unplaced | None) -> Snapshot:
    """The row of ``deleted`` as its Undo writes it back, noting whether its image is left
    in the trash (:attr:`Snapshot.image_left_in_trash`): so when it is not put back
    (``why``), no longer when it is, or the artist put it back by hand; as the row said for
    one whose image was gone already as it was deleted (deleted again, still in the trash)."""
    row = deleted.as_stored
    if why is Unplaced.BACK_ALREADY or (why is None and deleted.kept is not None):
        return replace(row, image_left_in_trash=False)
    if why is not None:
        return replace(row, image_left_in_trash=True)
    return row


def _left_in_trash(deleted: Deleted) -> bool:
    """Blocking: whether the image of ``deleted`` went to the trash with its Delete, or with
    an earlier one an Undo brought the artwork back from without it
    (:attr:`Snapshot.image_left_in_trash`: deleted again by a Redo), no link or copy of it
    kept, and is not back in its place: its artwork comes back without it. Before, in
    silence, its tile saying "Image missing" while the image was in the trash; deleted
    again, the news of its Undo named only the others."""
    row = deleted.row
    return (
        deleted.kept is None
        and bool(row.file_path)
        and (row.trashed_at is not None or row.image_left_in_trash)
        and not os.path.lexists(row.file_path)
    )


def _repoint(ledger: Ledger, ids: Mapping[int, int]) -> dict[int, Snapshot]:
    """Blocking, in the write of :func:`bring_back`: the artworks that named those a Delete
    removed (old id to new in ``ids``) pointed at them as they came back, by id as written:
    one kept for a late task of theirs (:attr:`Snapshot.made_for_job`: "show that job"), one
    edited from their image (its reference's "show it in the library", Reuse settings).
    Else each said the artwork it came from was deleted, and the one back named none of
    them. Written as a note (:meth:`Ledger.note`), ``updated_at`` as it was: a running job's
    timeout is measured from it, and an Undo (no step of that job) gave a job kept for a
    late task, still running, its whole time again after a restart."""
    written: dict[int, Snapshot] = {}
    for row in ledger.naming(ids):
        moved = pointing_at(row, ids)
        if moved != row:
            written[row.id] = ledger.note(
                row.id, made_for_job=moved.made_for_job, request_json=moved.request_json
            )
    return written


def pointing_at(row: Snapshot, ids: Mapping[int, int]) -> Snapshot:
    """``row`` naming, in place of each artwork it names that is a key of ``ids`` (the job
    it was kept for, the artwork its reference was), the one of the new id: a Delete undone
    brings artworks back under new ids."""
    made_for = row.made_for_job
    if made_for is not None and made_for in ids:
        row = replace(row, made_for_job=ids[made_for])
    try:
        request = row.request
    except (TypeError, ValueError):  # an import's empty request, a damaged row's
        return row
    if request.image_job is not None and request.image_job in ids:
        row = replace(
            row, request_json=replace(request, image_job=ids[request.image_job]).to_json()
        )
    return row
