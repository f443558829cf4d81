"""The artist's unsent work, carried from a window to the one that replaces it.

A window the artist closes leaves its draft the same way, for the next start (see
:meth:`~kontext_studio.ui.main_window.MainWindow.work_left`).

A switch between demo and live mode closes the window and opens another on a new session;
:class:`Handover` is what the new window takes over. When no window can open after a switch
(nor one in the mode the app was in), or Ctrl+C ends the app in the middle of one, the work
is kept in a small JSON file in the data folder, and the next start takes it over instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from kontext_studio.config import without_lone_surrogates, write_error, write_json_atomic
from kontext_studio.errors import (
    BrokenLinkError,
    FileIsFolderError,
    FileReadOnlyError,
    KontextError,
    StorageError,
)
from kontext_studio.explain import disk_full
from kontext_studio.jobs.claim import sync_folder
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.presets import Preset
from kontext_studio.ui.upload_items import PendingUpload

log = logging.getLogger(__name__)

FILE_NAME = "unsent-work.json"
FILE_VERSION = 1
UNKEPT = ".unkept-"
"""Between the work file's name and why, the name of the empty file that says the work of
the last session could not be kept (:func:`note_unkept`)."""
TOLD = "told-"
"""Before such a file's name, in the settings' folder: it was told while it could not be
removed (:func:`_told_before`)."""
FULL, REFUSED, FILE_REFUSED = "disk-full", "folder-refused", "file-refused"
NOT_CLEARED = "not-cleared"
"""Why, for work the close had nothing left of (cleared) and could not remove."""
TAKEN_STALE_S = 600.0
"""A start holds the work it took only while its first window opens: work held longer was
taken by a start that crashed, and the next start takes it over."""


@dataclass(frozen=True)
class Press:
    """A press of Generate whose jobs were not made yet (an edit's reference being
    prepared): enough to find its jobs in the library, should they be written after all."""

    count: int
    """How many jobs it asked for."""
    prompt: str
    """As sent: the prompt its jobs are written with."""
    at: float
    """When it was pressed (``time.time()``), before any of its jobs was written."""
    id: str
    """Made at the press and written with each of its jobs
    (:attr:`~kontext_studio.store.ledger.Snapshot.press`); empty for a press kept by a
    version that wrote none."""
    reference: str | None = None
    """The reference image it was pressed with (its path, "" for none), to tell whether
    the form brought back still holds it; None for a press kept by a version that did not
    say."""


@dataclass(frozen=True)
class Unsaved:
    """Why the window's work could not be saved for the next start."""

    failure: KontextError
    cleared: bool = False
    """The window had nothing left to keep, and the work kept before could not be removed:
    it comes back at the next start (:func:`remove`)."""


@dataclass(frozen=True)
class Handover:
    """What a window gives the one that replaces it when the artist switches between demo
    and live mode (or to a new key): their unsent work and where they were."""

    tab: int
    draft: GenerateRequest
    style: Preset | None
    uploads: tuple[PendingUpload, ...]
    looking_in: tuple[Path, ...] = ()
    """Files and folders dropped on the Upload tab still being looked through: looked
    through again by the new window."""
    batch: int = 1
    search: str = ""
    shown: str = "All"
    """The library's state filter, by its name in
    :data:`~kontext_studio.ui.library_panel.FILTERS` (an unknown name shows every state)."""
    starred: bool = False
    """Whether the library shows only starred artworks."""
    selected: int | None = None
    left_at_close: bool = False
    """Left by a window the artist closed, for the next start: brought back without a word,
    as the window's size is."""
    unmade: tuple[Press, ...] = ()
    """The presses of Generate whose jobs were not made when the work was kept (their
    reference still being prepared when the close's wait ran out, or when the app was
    killed): the next window says so (:func:`not_made`), or the artist would take them to
    be in the library."""
    undeleted: tuple[int, ...] = ()
    """The artworks (by id) of the Deletes the artist confirmed that the close waited for:
    the next window says how many of them the library still holds (the close stopped
    waiting, a second stop signal or its grace spent, or the trash refused their images
    with nobody there to be asked), or the artist would take them to be gone. Not a count:
    the one being removed as the close stopped waiting is removed all the same."""
    undeleted_at_switch: bool = False
    """Whether :attr:`undeleted` were left by a Delete a switch of mode waited for, not by a
    close: the next window said the app had closed, and it had not. Not written for the next
    start (the app has closed by then)."""

    @property
    def narrowed(self) -> bool:
        """Whether the library's search or filters hide some artworks."""
        return bool(self.search.strip()) or self.shown != "All" or self.starred


def not_made(
    presses: Sequence[Press], made: Callable[[str, str, int, float], int]
) -> dict[tuple[str, str | None], int]:
    """How many jobs of ``presses`` are not in the library, by the prompt and reference they
    were pressed with (those whose jobs are all there left out); ``made(id, prompt, count, at)``
    counts the jobs one press wrote (:meth:`~kontext_studio.store.ledger.Ledger.pressed_jobs`).
    The work kept says a press's jobs were not made until it is written again once they
    are: killed in between, they were said not made while in the library and carried on,
    and Generate pressed again paid for them twice. Each press is judged by the jobs
    written with its id: told apart by their prompt, count and time alone, the jobs of one
    of two presses alike, made, were taken for those of the other, cut off, which was
    then said made. Presses kept by a version that wrote no id with their jobs are counted
    together, from the first of them, as that version did."""
    alike: dict[tuple[str, str, str | None, int], list[float]] = {}
    for press in presses:
        alike.setdefault((press.id, press.prompt, press.reference, press.count), []).append(
            press.at
        )
    missing: dict[tuple[str, str | None], int] = {}
    for (press_id, prompt, reference, count), times in alike.items():
        lost = count * len(times) - made(press_id, prompt, count, min(times))
        if lost > 0:
            missing[prompt, reference] = missing.get((prompt, reference), 0) + lost
    return missing


def unsent_work_file(data: Path) -> Path:
    return data / FILE_NAME


def take(path: Path, *, now: float | None = None) -> Path | None:
    """Move the work :func:`keep` wrote out of the way of another start (a launcher clicked
    twice), so that only one start takes it over: where it is now, or None when there is
    none (or another start took it). Give it back with :func:`give_back` when no window
    took it over. Work a start took and never gave back (it crashed) is taken again once
    :data:`TAKEN_STALE_S` old. Work its folder will not let move (a drive gone read-only)
    is taken where it is: before, it never came back, nor was it said, while the line under
    Generate had said it would. A folder in the work's place is no work: left alone (moved
    aside, it was logged as damaged work), it is said by the first save it refuses
    (:func:`files_fault`)."""
    now = time.time() if now is None else now
    taken = path.with_name(f"{path.name}.{os.getpid()}.taken")
    sources = _left_taken(path, now - TAKEN_STALE_S)
    if os.path.isdir(path):  # a look refused is no folder (Path.is_dir raised it)
        log.warning("a folder where unsent work is kept", extra={"event": "unsent_work_folder"})
    else:
        sources.insert(0, path)
    for source in sources:
        try:
            os.replace(source, taken)
        except FileNotFoundError:
            continue
        except OSError:
            if source == path:  # its folder refuses the move (read-only): read in place
                log.warning("unsent work read in place", extra={"event": "unsent_work_untaken"})
                return path
            log.warning("unsent work not taken", extra={"event": "unsent_work_untaken"})
            continue
        with suppress(OSError):
            os.utime(taken, (now, now))  # when it was taken, for the check above
        return taken
    return None


def _left_taken(path: Path, before: float) -> list[Path]:
    """The work other starts took before ``before`` and never gave back, or took and were
    killed before they gave it back or wrote it again (their process is gone): a kill as the
    window opened held the artworks a cut Delete left from the next start for ten minutes.
    A folder at such a name is no work, as one at ``path`` is not (:func:`take`): taken, it
    was set aside as damaged work, renamed where its owner would not find it."""
    found: list[Path] = []
    for left in path.parent.glob(f"{path.name}.*.taken"):
        try:
            seen = left.stat()
        except OSError:
            continue
        if stat.S_ISDIR(seen.st_mode):
            log.warning("a folder where unsent work is kept", extra={"event": "unsent_work_folder"})
        elif seen.st_mtime < before or _taker_gone(left, path):
            found.append(left)
    return found


def _taker_gone(taken: Path, path: Path) -> bool:
    """Whether the process that took ``taken`` (its id in the name, :func:`take`) has ended.
    Only where asking does no harm: on Windows, :func:`os.kill` ends the process it asks."""
    number = taken.name.removeprefix(f"{path.name}.").removesuffix(".taken")
    if os.name != "posix" or not number.isdigit() or int(number) == os.getpid():
        return False
    try:
        os.kill(int(number), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):  # another user's process (there), or no process id
        return False
    return False


def give_back(taken: Path, path: Path) -> None:
    """Put the work :func:`take` took back for the next start (no window took it over);
    newer work kept meanwhile is not overwritten."""
    try:
        if not path.exists():
            os.replace(taken, path)
    except OSError:
        log.warning("unsent work not given back", extra={"event": "unsent_work_kept"})


def set_aside(taken: Path, path: Path, *, now: float | None = None) -> Path | None:
    """Move the work :func:`take` took that :func:`load` could not use (damaged) beside
    ``path`` under a name nothing writes, for a person to look at; where it went (None
    when it could not be moved). Given back as ``path``, the first save of the new
    window's draft, or its close with nothing to keep, replaced it."""
    stamp = int(time.time() if now is None else now)
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    try:
        os.replace(taken, aside)
    except OSError:
        log.warning("unsent work not set aside", extra={"event": "unsent_work_kept"})
        return None
    log.warning(
        "unusable unsent work set aside", extra={"event": "unsent_work_aside", "file": aside.name}
    )
    return aside


def keep(handover: Handover, path: Path) -> None:
    """Write ``handover`` to ``path`` for the next start (a :class:`StorageError` when it
    cannot be written). A broken character (a lone surrogate, pasted from some programs)
    becomes U+FFFD: UTF-8 cannot store it, and it would cost the whole work."""
    write_json_atomic(path, without_lone_surrogates(_to_data(handover)))


def keep_over(handover: Handover, taken: Path, path: Path) -> None:
    """Write ``handover`` to ``path`` in the place of the work :func:`take` took (``taken``):
    written there, then renamed onto ``path``. One rename: at every instant one of the two
    holds the work, never both. Written to ``path`` and ``taken`` removed after, a kill
    between left both, and the start after next took ``taken`` back (its process gone):
    an old draft the artist had cleared came back, its lists said again. A read-only
    ``taken`` (which :func:`keep` does not overwrite) is written as before, then removed."""
    if taken == path:  # read in place (:func:`take`)
        keep(handover, path)
        return
    try:
        keep(handover, taken)
    except FileReadOnlyError:
        keep(handover, path)
        discard(taken)
        return
    try:
        os.replace(taken, path)
    except OSError as error:
        raise write_error(path, error) from error
    sync_folder(path.parent)


def load(path: Path) -> Handover | None:
    """The work :func:`keep` wrote; None when there is none or the file cannot be read (a
    damaged file is logged and left for a person to look at, never a reason not to start)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        log.warning("unsent work not readable", extra={"event": "unsent_work_unreadable"})
        return None
    try:
        return _from_data(json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("unsent work not usable", extra={"event": "unsent_work_unusable"})
        return None


def on_full_disk(failure: KontextError) -> bool:
    """Whether ``failure`` came of a disk with no room left (else of a folder that refuses
    the write: read-only, no rights)."""
    cause = failure.__cause__
    return isinstance(cause, OSError) and disk_full(cause)


def files_fault(failure: KontextError) -> bool:
    """Whether ``failure`` is the work file's own, its folder being fine: the file is
    read-only, a folder is in its place, or it is a link to nothing. Said of its folder, a
    folder in its place sent the artist to a folder that takes files."""
    return isinstance(failure, (FileReadOnlyError, FileIsFolderError, BrokenLinkError))


def note_unkept(
    path: Path, failure: KontextError, elsewhere: Path, *, cleared: bool = False
) -> None:
    """Leave beside ``path`` a word for the next start that the work could not be kept
    there for ``failure``: an empty file whose name says why, the one thing a full disk may
    still take (a name in the folder, no byte of data). Before, the failure was only
    logged, and the next start brought back nothing without a word. A folder that takes
    no file at all (read-only, no rights) takes no word either: it is left in the folder
    ``elsewhere`` then (the settings' folder), which :func:`take_unkept` reads too; logged
    only when that refuses it as well. ``cleared``: the work kept before could not be
    removed once none was left (:data:`NOT_CLEARED`); it comes back, which was not said."""
    name = f"{path.name}{UNKEPT}{NOT_CLEARED if cleared else _why(failure)}"
    for folder in (path.parent, elsewhere):
        try:
            (folder / name).touch()
        except OSError:
            continue
        return
    log.warning("unkept work not noted", extra={"event": "unsent_work_unnoted"})


def _why(failure: KontextError) -> str:
    """What :func:`note_unkept` names ``failure`` by."""
    if on_full_disk(failure):
        return FULL
    return FILE_REFUSED if files_fault(failure) else REFUSED


def holds(path: Path, handover: Handover) -> bool:
    """Whether ``path`` holds ``handover`` already: written while the window was open (its
    draft kept as it was typed), then refused at close by a disk since full. The work is
    kept then, and no word of it lost is left (:func:`note_unkept`): before, the next start
    brought it back and said it could not be kept."""
    try:
        on_disk = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return bool(on_disk == json.loads(json.dumps(without_lone_surrogates(_to_data(handover)))))


def take_unkept(path: Path, elsewhere: Path, spare: Path | None = None) -> str | None:
    """Why the work of the last session could not be kept beside ``path``
    (:func:`note_unkept`: :data:`FULL`, :data:`FILE_REFUSED`, :data:`REFUSED` or
    :data:`NOT_CLEARED`, in that order), once: the word is removed, beside ``path`` and in
    ``elsewhere`` alike. A word that cannot be removed (its folder turned read-only since)
    is told once all the same (:func:`_told_before`), and not again once it can be; its
    mark goes in ``spare`` (the cache folder) where ``elsewhere`` refuses it too. None
    when it was kept."""
    found: set[str] = set()
    for folder in dict.fromkeys((path.parent, elsewhere)):
        for word in folder.glob(f"{path.name}{UNKEPT}*"):
            marks = [place / f"{TOLD}{word.name}" for place in (elsewhere, spare) if place]
            told = _told_before(word, marks)
            try:
                word.unlink()
            except OSError:
                log.warning("unkept work note not removed", extra={"event": "unsent_work_unnoted"})
                if not told:
                    _mark_told(word, marks)
            else:
                for mark in marks:
                    with suppress(OSError):
                        mark.unlink(missing_ok=True)
            if not told:
                found.add(word.name.removeprefix(f"{path.name}{UNKEPT}"))
    for why in (FULL, FILE_REFUSED, REFUSED, NOT_CLEARED):
        if why in found:
            return why
    return REFUSED if found else None


def _told_before(word: Path, marks: Sequence[Path]) -> bool:
    """Whether ``word``, a note of :func:`note_unkept`, was told at an earlier start as it
    is now (written again since, it is news): one of ``marks``, in the settings' folder or
    the cache folder, holds its time of change (:func:`_mark_told`). Before, a note left in
    a data folder that turned read-only after it was written was told at every start; and
    told once, it was told again by the start that could remove it at last, of a session
    whose work was kept."""
    try:
        changed = str(word.stat().st_mtime_ns)
    except OSError:
        return False
    for mark in marks:
        try:
            if mark.read_text(encoding="utf-8") == changed:
                return True
        except (OSError, UnicodeDecodeError):
            continue
    return False


def _mark_told(word: Path, marks: Sequence[Path]) -> None:
    """Note at the first of ``marks`` that takes it that ``word``, which cannot be removed,
    was told (:func:`_told_before`). Before, a settings' folder that refused it too (made
    read-only by a tool that manages it) had the word told again at every start, while the
    cache folder took files."""
    with suppress(OSError):
        changed = str(word.stat().st_mtime_ns)
        for mark in marks:
            with suppress(OSError):
                mark.parent.mkdir(
                    parents=True, exist_ok=True
                )  # the cache folder: made by its writers
                mark.write_text(changed, encoding="utf-8")
                return
    # Told again at the next start: better than never.
    log.warning("unkept work note not marked told", extra={"event": "unsent_work_unnoted"})


def discard(path: Path) -> None:
    """Remove the file once a window has taken its work over, as :func:`remove` does; one
    that cannot be is logged only: the window has the work."""
    try:
        remove(path)
    except StorageError:
        log.warning("unsent work not removed", extra={"event": "unsent_work_kept"})


def remove(path: Path) -> None:
    """Remove the work kept at ``path``: the window has none left to keep. A
    :class:`StorageError` when it cannot be (a read-only disk): only logged before, the
    line saying the work was not saved went, and the next start brought the work back."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        # Nothing there comes back: a read-only disk refuses even a file that is not there
        # (Linux checks the disk first), and a folder in its place is no work of the artist.
        try:
            nothing = path.is_dir() or not os.path.lexists(path)
        except OSError:  # a look refused: the work may be there still
            nothing = False
        if nothing:
            return
        raise write_error(path, error) from error


@dataclass(frozen=True)
class Owed:
    """What the next start has still to be told, should this process end now (a kill): the
    presses whose jobs were not made and the artworks a cut Delete left
    (:attr:`Handover.unmade`, :attr:`Handover.undeleted`), in the order they came."""

    unmade: tuple[Press, ...] = ()
    undeleted: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.unmade or self.undeleted)

    def joined(self, unmade: Sequence[Press], undeleted: Sequence[int]) -> Owed:
        return Owed(
            tuple(dict.fromkeys((*self.unmade, *unmade))),
            tuple(dict.fromkeys((*self.undeleted, *undeleted))),
        )

    def without(self, unmade: Sequence[Press], undeleted: Sequence[int]) -> Owed:
        said, gone = set(unmade), set(undeleted)  # a Delete's thousands: each looked up once
        return Owed(
            tuple(press for press in self.unmade if press not in said),
            tuple(job_id for job_id in self.undeleted if job_id not in gone),
        )

    def into(self, work: Handover | None) -> Handover | None:
        """``work`` with these lists too (those it holds first); a work of these lists alone
        when there is none, so that nothing written drops them."""
        if not self:
            return work
        if work is None:
            work = Handover(0, GenerateRequest(""), None, (), left_at_close=True)
        joined = Owed(work.unmade, work.undeleted).joined(self.unmade, self.undeleted)
        return replace(work, unmade=joined.unmade, undeleted=joined.undeleted)


class WorkFile:
    """The unsent work file as the open window and its close write it, each write in a
    worker thread: the last one asked for is the one that stays. A write still under way
    when a newer one is asked for (the draft saved while it is typed, then the close's)
    ends before the newer one starts, and one not started yet is dropped: a prompt cleared
    just before the window closed must not come back at the next start from a save of it
    that a slow disk held up.

    :meth:`save` is how the app writes it: one writer, at most one write under way and the
    newest one waiting. Each save took a thread of the pool the app's other work shares, to
    wait there for the one under way: a disk stalled for a minute while the artist typed
    held every thread, and nothing else (the library's reads, a reference's check) ran.

    Every write keeps what the next start is :attr:`owed` (:meth:`owe`), whoever asked for
    it: the draft's save after the close's early write kept the draft alone, and a kill
    then lost the artworks a cut Delete left. The file is only ever replaced whole
    (:func:`keep`), so at every instant it holds the lists written before or the new ones."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.owed = Owed()
        """Set on the GUI thread; read by each write once, as it begins, in its worker thread
        (a new value each time: a write keeps the lists as they were before a change or after
        it, never half of one)."""
        self._lock = threading.Lock()
        self._asked = 0
        self._next: tuple[Handover | None, int] | None = None
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._taken: Path | None = None

    def take_over(self, taken: Path) -> None:
        """The next write of work goes through ``taken``, the work a window took over
        (:func:`keep_over`), whichever save asks for it: that removes ``taken``."""
        self._taken = taken

    def owe(self, unmade: Sequence[Press] = (), undeleted: Sequence[int] = ()) -> None:
        """From now on every write keeps ``unmade`` and ``undeleted`` for the next start,
        until :meth:`told`. Write once after it (:meth:`save`) for the file to hold them."""
        self.owed = self.owed.joined(unmade, undeleted)

    def told(self, unmade: Sequence[Press] = (), undeleted: Sequence[int] = ()) -> None:
        """A window said ``unmade`` and ``undeleted`` (:meth:`owe`): later writes leave them
        out, or the next start would say them again."""
        self.owed = self.owed.without(unmade, undeleted)

    async def save(self, work: Handover | None) -> None:
        """Write ``work`` (None removes what was kept), once the write under way, if any,
        has ended; a newer save asked for meanwhile writes in its place. Returns once this
        work or newer work is written; a :class:`StorageError` when that write failed."""
        number = self.ask()
        self._next = (work, number)
        done = asyncio.get_running_loop().create_future()
        self._waiters.append((number, done))
        writer = self._writer
        if writer is None or writer.done() or writer.get_loop() is not asyncio.get_running_loop():
            self._writer = asyncio.ensure_future(self._write_waiting())
        await done

    async def _write_waiting(self) -> None:
        """Write the newest work asked for until none is waiting, telling each save the
        write that stands for it has ended."""
        while self._next is not None:
            work, number = self._next
            self._next = None
            failure: BaseException | None = None
            written = True
            try:
                written = await asyncio.to_thread(self.write, work, number)
            except Exception as error:  # handed to the saves it stood for
                failure = error
            if not written and self._next is not None:
                # A newer save came before this write began, which gave way to it: the
                # saves it stood for wait for that one (a press's form, told it was on
                # disk, wrote its jobs while nothing of it was).
                continue
            covered = [done for asked, done in self._waiters if asked <= number]
            self._waiters = [(asked, done) for asked, done in self._waiters if asked > number]
            for done in covered:
                if done.done():
                    continue
                if failure is None:
                    done.set_result(None)
                else:
                    done.set_exception(failure)

    def ask(self) -> int:
        """Number a write about to be made, in the order they are asked for (on the GUI
        thread); hand the number to :meth:`write`."""
        self._asked += 1
        return self._asked

    def write(self, work: Handover | None, number: int) -> bool:
        """Write ``work`` (None removes what was kept) as write ``number`` (:meth:`ask`),
        unless a later one was asked for since; whether it was done. What the next start is
        :attr:`owed` is written with it: never removed. Work that cannot be written, or
        removed (:func:`remove`), is a :class:`StorageError`. It blocks: call it in a
        worker thread."""
        with self._lock:
            if number != self._asked:
                return False
            work = self.owed.into(work)
            if work is None:
                remove(self.path)
            elif self._taken is not None:
                keep_over(work, self._taken, self.path)
                self._taken = None
            else:
                keep(work, self.path)
            return True


@cache
def work_file(path: Path) -> WorkFile:
    """The one :class:`WorkFile` of ``path`` in this process, shared by every window and
    the app's close."""
    return WorkFile(path)


def _to_data(handover: Handover) -> dict[str, Any]:
    return {
        "version": FILE_VERSION,
        "tab": handover.tab,
        "draft": asdict(handover.draft),
        "style": asdict(handover.style) if handover.style is not None else None,
        "uploads": [{**asdict(item), "path": str(item.path)} for item in handover.uploads],
        "looking_in": [str(path) for path in handover.looking_in],
        "batch": handover.batch,
        "search": handover.search,
        "shown": handover.shown,
        "starred": handover.starred,
        "selected": handover.selected,
        "left_at_close": handover.left_at_close,
        "unmade": [asdict(press) for press in handover.unmade],
        "undeleted": list(handover.undeleted),
    }


def _from_data(data: dict[str, Any]) -> Handover:
    style = data.get("style")
    selected = data.get("selected")
    return Handover(
        tab=int(data["tab"]),
        draft=GenerateRequest.from_json(json.dumps(data["draft"])),
        style=Preset(**style) if isinstance(style, dict) else None,
        uploads=tuple(
            PendingUpload(
                Path(item["path"]),
                str(item["title"]),
                str(item["description"]),
                str(item["tags"]),
                int(item["artwork"]) if item.get("artwork") is not None else None,
            )
            for item in data.get("uploads", [])
        ),
        looking_in=tuple(Path(str(path)) for path in data.get("looking_in", [])),
        batch=int(data.get("batch", 1)),
        search=str(data.get("search", "")),
        shown=str(data.get("shown", "All")),
        starred=bool(data.get("starred", False)),
        selected=int(selected) if selected is not None else None,
        left_at_close=bool(data.get("left_at_close", False)),
        unmade=_presses(data.get("unmade", [])),
        undeleted=tuple(int(job_id) for job_id in data.get("undeleted", [])),
    )


def _presses(data: Any) -> tuple[Press, ...]:
    if isinstance(data, int):  # a count, kept before the presses were: none to look for
        return (Press(data, "", 0.0, ""),) if data else ()
    return tuple(
        Press(
            int(press["count"]),
            str(press["prompt"]),
            float(press["at"]),
            str(press.get("id", "")),
            None if press.get("reference") is None else str(press["reference"]),
        )
        for press in data
    )
