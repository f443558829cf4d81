"""The ledger: a thin, thread-safe API over the SQLite file.

Readers get immutable :class:`Snapshot` copies, never live peewee rows, so the engine's worker
thread and the window can share them safely. A damaged file is moved aside and a fresh one is
started; ``recovered_from`` tells the caller so the artist can be told.

The calls the engine makes several times per job (insert, read one row, change a row) run
fixed SQL strings instead of peewee queries: building a query costs ~0.6 ms of Python, ten
times the SQLite work, and it ran on the one writer thread (benchmarks/bench_engine).
Values still go through the model's field adapters, so both paths store the same thing.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, cast

import peewee

from kontext_studio.config import folder_unusable, make_folder
from kontext_studio.errors import (
    PASSING_KINDS,
    FileReadOnlyError,
    JobGoneError,
    KontextError,
    LibraryBackupError,
    LibraryBusyError,
    LibraryClosedError,
    LibraryReadError,
    Reason,
    RelativeFilePathError,
    StorageError,
)
from kontext_studio.explain import (
    Facts,
    folder_refused,
    stored_detail,
    stored_hint,
    write_refusal,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.jobs.notes import shown_note
from kontext_studio.jobs.states import JobState, can_move
from kontext_studio.kie.envelope import VALIDATION_CODE
from kontext_studio.kie.models import RESULT_KEPT_S, GenerateRequest, has_words
from kontext_studio.store.moments import unused_time
from kontext_studio.store.order import SORT_KEY, Cursor, LibraryOrder, page_of, searched_text
from kontext_studio.store.salvage import FreshLibraryError, Salvaged, salvage
from kontext_studio.store.schema import (
    MAY_BE_GONE_WHERE,
    SCHEMA_VERSION,
    Artwork,
    database_proxy,
    fold_written_elsewhere,
    migrate,
)
from kontext_studio.store.search import search_text, search_words, sort_name
from kontext_studio.store.upgrading import upgrading_alone
from kontext_studio.tags import split_tags

log = logging.getLogger(__name__)

# WAL with synchronous=NORMAL survives a killed or crashed process; only a power cut or an OS
# crash can lose the last commits. That is safe for every write but those a lost commit would
# contradict: the two rows that decide whether a paid request may be sent again or a created
# task is known, and a row's removal, after which a Delete removes its image (a lost one
# brought the artwork back, missing its file). Those are written with FULL, as the engine's
# batches all are (``Ledger.batch``).
_PRAGMAS = {"journal_mode": "wal", "synchronous": "normal", "foreign_keys": 1}
BUSY_TIMEOUT_S = 5.0
"""How long a statement waits for a lock another program holds (the CLI, a second window, a
database browser) before it gives up with "database is locked" (:class:`LibraryBusyError`)."""
WRITE_LOCK_FIRST = "IMMEDIATE"
"""Write transactions take the write lock when they begin. A deferred one that read first
cannot wait for another program's commit (the CLI, a second window): SQLite refuses its
write at once with "database is locked", busy_timeout or not; begun IMMEDIATE, it waits."""
DURABLE_STATES = frozenset({JobState.SUBMITTING, JobState.GENERATING})
"""Entering these states is synced to disk before ``transition`` returns: ``submitting``
before a generate request goes out, ``generating`` with the task id KIE answered."""

NO_SUCH_JOB = QT_TRANSLATE_NOOP("Errors", "There is no job {job_id}.")
JOB_CHANGED = QT_TRANSLATE_NOOP(
    "Errors", "job {job_id} was cancelled, deleted or carried on elsewhere meanwhile"
)
UPLOADED = "uploaded"
"""``Snapshot.source`` of an artwork made elsewhere (the Upload tab, ``import``)."""


def links_tried_mark(task_id: str) -> str:
    """What :attr:`Snapshot.link_refused_task` keeps of a job whose result links the host
    refused until it gave up, tried again by itself: told apart from the task id alone, KIE's
    own refusal, whose free Retry is spent. Kept in that column, the mark outlives the run
    that set it (a kill mid-try) without a column of its own."""
    return f"host:{task_id}"


def retried_by_artist_mark(task_id: str) -> str:
    """What :attr:`Snapshot.link_refused_task` keeps of a job whose refused result links the
    engine was trying again by itself (:func:`links_tried_mark`) while the artist's own
    Retry of it runs: that run's failure is announced, as the artist's (a start after a kill
    mid-way carries it on as theirs too), but one for a passing reason (no network, the rate
    limit) gives the mark of those tries back, and they go on. Before, the artist's Retry
    cleared the mark, and its failure for such a reason ended the tries for good, though
    the artist had not given up on the image."""
    return f"retry:{task_id}"


GENERATED = "generated"
"""``Snapshot.source`` of a job sent to KIE."""


@dataclass(frozen=True)
class Snapshot:
    """An immutable copy of one artwork row."""

    id: int
    source: str
    request_json: str
    prompt: str
    model: str
    ratio: str
    state: JobState
    task_id: str | None
    created_at: float
    updated_at: float
    submitted_at: float | None
    completed_at: float | None
    submit_count: int
    poll_count: int
    error_code: int | None
    error_kind: str
    error_message: str
    error_words: str
    input_image_url: str
    input_uploaded_at: float | None
    result_url: str
    origin_url: str
    file_path: str
    """The artwork's image file, a whole path; empty when the row names none. A row naming
    a relative path (another program's, an old version's) is read as naming none
    (:func:`_named_file`)."""
    sha256: str
    width: int | None
    height: int | None
    file_size: int | None
    title: str
    description: str
    tags: str
    starred: bool
    published_key: str
    published_url: str
    published_at: float | None
    simulated: bool = False
    """Made in demo mode: its task is the simulator's, unknown to KIE."""
    retired_key: str = ""
    """A version published before under other bytes, still to be removed from the bucket;
    or, while a publish of a new version is under way (and after one that stopped before
    its end), that new version, until it is recorded as published; or, while an unpublish
    is under way (and after one that stopped before its end), :attr:`published_key` itself
    (:attr:`may_be_gone`)."""
    published_bucket: str = ""
    """The bucket :attr:`published_key` and :attr:`retired_key` are in; empty for a publish
    recorded before it was kept (taken to be the one the R2 settings name)."""
    published_host: str = ""
    """The host (and port) of the endpoint of that bucket; empty with it."""
    original_sha256: str = ""
    """The hash of the file an imported artwork's copy was made from (the copy may differ:
    a photo's has no GPS position); empty for a generated image, for an import recorded
    before it was kept, and once the copy was edited and published."""
    made_for_job: int | None = None
    """The job an earlier send of which KIE made this artwork's task for, a send cancelled
    while it was out that the job could not keep (:meth:`Ledger.create_following`); None
    for any other artwork."""
    trashed_at: float | None = None
    """When a Delete moved the artwork's image to the desktop's trash (noted before it
    did): an artwork that has it is one whose Delete could not remove it from the library
    (another program held it), its image in the trash. None for any other."""
    batch_place: int = 0
    """Of a generate that made several images, this one's place among them, from 1; 0 for
    an image made alone (or before places were kept) and an import. An artwork kept for a
    late task (:attr:`made_for_job`) has the place of the job it was kept for: it is an
    extra image of that place, not one more place."""
    batch_size: int = 0
    """How many images the generate that made this one made, when it made several; else 0."""
    task_given_at: float | None = None
    """When the artist gave the job the task id it follows, found in their logs on kie.ai
    (:meth:`~kontext_studio.jobs.engine.JobEngine.attach_task`): its send was never
    answered with it, and :attr:`submitted_at` is when KIE made the task, often hours
    before. None for a job whose own send got its task."""
    task_seconds: float | None = None
    """Of a job given its task id (:attr:`task_given_at`), how long KIE took on the task,
    as its record says (createTime to completeTime); None until then, when KIE did not say
    it, and for any other job."""
    press: str = ""
    """The press of Generate in a window that wrote the job, the same for each of its jobs
    (:meth:`Ledger.pressed_jobs`); empty for any other job."""
    unpublish_mark: str = ""
    """A token written anew by each unpublish as it notes the image as being removed
    (:attr:`may_be_gone`), in this window or another process: a check of what an unfinished
    one left compares it, since the note itself may write the key already there. Empty
    before any unpublish of the artwork was noted (and in a library from before it was
    kept)."""
    result_deleted: bool = False
    """KIE itself said this job's result is deleted (asked for a fresh link to it, it
    answered it has no such file, or, twice, that the link is no file of its own): nothing
    can fetch it, however young the job
    (:func:`~kontext_studio.jobs.stopped.result_kept`). A finished artwork so marked stays
    completed, offering no Download again; a job that never had its image fails, with no
    retry. False for any other job, and for one marked expired before it was kept."""
    link_refused_task: str = ""
    """The task whose result link KIE refused once as no file of its own (a 422): the free
    Retry that refusal offers is spent, and the next refusal of that task's link marks the
    result gone (:attr:`result_deleted`), whatever failed or was cancelled in between. Or,
    as :func:`links_tried_mark` writes it, the task whose links the host holding its image
    refused until the job gave up: the engine tries it again by itself, free, while KIE
    keeps the image (:attr:`tried_by_itself`), the mark kept through each try, a kill in
    the middle of one too. Or, as :func:`retried_by_artist_mark` writes it, the task of such
    a job while the artist's own Retry of it runs. Empty for any other job."""
    image_left_in_trash: bool = False
    """An Undo of a Delete brought this artwork back without its image, which went to the
    desktop's trash with that Delete (:func:`~kontext_studio.store.undo.bring_back`), and
    the image was not seen in its place since: its preview and its publish, in any window
    or command, say where it is, not "moved or deleted outside Kontext Studio". Not
    :attr:`trashed_at` (a Delete that could not remove the row). False for any other."""
    removal_failed: str = ""
    """The kind of the error (``KontextError.kind``) that stopped the last removal of this
    artwork from the bucket, an Unpublish or a Remove from bucket of what a stopped publish
    left (:func:`~kontext_studio.publish.service.unpublish_artwork`): it is still there, in
    every window and after a restart. A kind, not the error's words, which may hold an
    address. Empty once one goes through, once it is published, and for any other."""
    link_backoff_s: float = 0.0
    """The wait the last automatic try of this job's refused result link set as it met
    KIE's rate limit (a 429), before its jitter: the next such try doubles it, up to
    :attr:`~kontext_studio.jobs.engine.EngineConfig.link_limited_max_s`. 0 once a try ends
    otherwise, and for any other job."""
    link_try_at: float | None = None
    """When the next automatic try of this job's refused result link is due, its last try
    having met KIE's rate limit (:attr:`link_backoff_s`, with its jitter): a start before
    then waits for it, not trying at once. None for any other job."""
    revision: int = field(default=0, compare=False)
    """How many writes the row has had since it was made (:meth:`Ledger._change` counts
    each, a note too, whose ``updated_at`` stays as it was), 0 for a row of a library from
    before they were counted: what tells two copies of it apart (:meth:`older_than`). Not
    compared: two copies that say the same are equal, as a row a write took back to what
    it said is."""

    @property
    def version(self) -> tuple[int, float]:
        """How new this copy of the row is: its :attr:`revision`, then its ``updated_at``
        (a copy the engine makes of a stop it could not write, ``updated_at`` now, keeps
        the row's revision)."""
        return (self.revision, self.updated_at)

    def older_than(self, other: Snapshot) -> bool:
        """Whether this copy of a row was read (or made) before ``other``, a copy of the same
        row: a view offered it after ``other`` keeps ``other``. Before, views told them apart
        by ``updated_at`` alone, which a note leaves as it was: a copy read before a failed
        publish's note, offered after the copy that note wrote, was as new, and the preview
        showed the publish still under way."""
        return self.version < other.version

    @property
    def request(self) -> GenerateRequest:
        return GenerateRequest.from_json(self.request_json)

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)

    @property
    def may_be_gone(self) -> bool:
        """Recorded as published, and an unpublish of it did not finish (the app closed, or
        a command was stopped, while R2 was slow to answer; or it failed once R2 may have
        had it, a time-out or a connection lost, not offline): its image may be gone
        from the bucket, its link leading to nothing. An unpublish notes its key as the one
        to remove (:attr:`retired_key`) before it asks R2 to remove it."""
        return bool(self.published_key) and self.retired_key == self.published_key

    @property
    def display_title(self) -> str:
        """Its title, else the first line of its prompt that shows anything
        (:func:`~kontext_studio.kie.models.has_words`), without the spaces round it: a
        prompt whose first line was empty (an import's, another program's) named its
        artwork "Untitled", and one of spaces or of a zero-width space pasted before a line
        break, with nothing."""
        if self.title:
            return self.title
        lines = (line.strip() for line in self.prompt.splitlines())
        return next((line for line in lines if has_words(line)), "")

    @property
    def prompt_beyond_title(self) -> str:
        """Its prompt after the line its :attr:`display_title` already says (the first that
        shows anything, where that line is its title): what a screen reader is told of it
        after its tile's name. An untitled artwork of a one-line prompt was heard twice,
        the tile's name then its description both the prompt. The whole prompt where its
        title says none of it."""
        lines = self.prompt.splitlines()
        for at, line in enumerate(lines):
            if has_words(line):
                said = line.strip() == self.display_title
                return "\n".join(lines[at + 1 :]).strip() if said else self.prompt
        return self.prompt

    @property
    def error_detail(self) -> str:
        """Why it stopped (the server's words or ours), in the installed language; a demo
        job's cancel notes, and its server's own words, in the demo server's words
        (:func:`shown_note`, :func:`~kontext_studio.explain.kie_words`)."""
        message = shown_note(self.error_message, self.simulated)
        return stored_detail(message, self.error_words, self.error_kind, demo=self.simulated)

    def kept_days_over(self, now: float) -> bool:
        """Whether, at ``now``, the days KIE keeps the job's result are over: its task was
        made :data:`~kontext_studio.kie.models.RESULT_KEPT_S` ago or more (the moment it
        was sent, else the job's creation)."""
        made = self.submitted_at if self.submitted_at is not None else self.created_at
        return now - made >= RESULT_KEPT_S

    @property
    def links_tried(self) -> bool:
        """Whether the row keeps the mark of a job whose refused result links the engine
        tries again by itself (:func:`links_tried_mark`), failed or on such a try."""
        task = self.task_id
        return task is not None and self.link_refused_task == links_tried_mark(task)

    @property
    def retried_by_artist(self) -> bool:
        """Whether the row keeps the mark of an artist's Retry of a job whose refused result
        links the engine was trying again by itself (:func:`retried_by_artist_mark`)."""
        task = self.task_id
        return task is not None and self.link_refused_task == retried_by_artist_mark(task)

    @property
    def tried_by_itself(self) -> bool:
        """Whether the engine tries this job's refused result links again by itself
        (:attr:`links_tried`) and what last stopped it says nothing of the result
        (:data:`~kontext_studio.errors.PASSING_KINDS`: a damaged download, the rate limit,
        no network), so the tries go on; its row says what that was."""
        return self.links_tried and self.error_kind in PASSING_KINDS

    @property
    def facts(self) -> Facts:
        """What decides what is true to say of why it stopped (``explain.explain_kind``)."""
        return Facts(
            demo=self.simulated,
            uploaded=self.input_uploaded_at is not None,
            charged=bool(self.task_id),
            made=bool(self.result_url),
            hint=stored_hint(self.error_words),
            deleted_early=self.result_deleted
            and self.error_code != VALIDATION_CODE
            and not self.kept_days_over(time.time()),
            link_refused=self.error_code == VALIDATION_CODE,
            result_gone=self.result_deleted,
            tried_again=self.state is JobState.FAILED
            and self.tried_by_itself
            and not self.result_deleted
            and not self.kept_days_over(time.time()),
        )

    @property
    def duration_s(self) -> float | None:
        """How long a completed job took: from KIE's taking its send to its image stored. Of
        a job given its task id (:attr:`task_given_at`), how long KIE took on the task
        (:attr:`task_seconds`, unknown when KIE did not say): counted from KIE's making it,
        it took in the hours the artist waited before finding the task in their logs."""
        if self.completed_at is None:
            return None
        if self.task_given_at is not None:
            return self.task_seconds
        if self.submitted_at is None:
            return None
        return self.completed_at - self.submitted_at


@dataclass(frozen=True)
class DeletedTask:
    """The task of an artwork deleted from the library (:meth:`Ledger.deleted_task`)."""

    task_id: str
    job_id: int
    title: str
    """The artwork's title as the library showed it (its prompt when it had none)."""
    deleted_at: float


_FIELDS = [f.name for f in fields(Snapshot)]
_WRITABLE = frozenset(_FIELDS) - {"id"}
_SEARCHED = frozenset({"prompt", "title", "tags", "description"})
"""The fields the ledger folds into the row's ``search_text`` column when it writes one."""
_SELECT = f"SELECT {', '.join(_FIELDS)} FROM artwork"
_IDS_PER_READ = 500
"""Ids in one ``IN (...)`` at most: SQLite builds before 3.32 take 999 parameters."""


def _adapted(values: dict[str, Any]) -> list[Any]:
    """Column values as peewee would store them (str() of a path, 0/1 for a flag, ...)."""
    model_fields = Artwork._meta.fields
    return [None if v is None else model_fields[k].db_value(v) for k, v in values.items()]


def _checked(names: Iterable[str]) -> tuple[str, ...]:
    names = tuple(names)
    unknown = set(names) - _WRITABLE
    if unknown:
        raise ValueError(f"not artwork columns: {sorted(unknown)}")
    return names


def _whole_file_path(values: Mapping[str, Any]) -> None:
    """Refuse a ``file_path`` in ``values`` that names an image by a relative path."""
    path = values.get("file_path")
    if path and not Path(path).is_absolute():
        raise RelativeFilePathError.worded(
            QT_TRANSLATE_NOOP("Errors", "{path} is not a whole path, from the top of a disk"),
            path=str(path),
        )


@functools.lru_cache(maxsize=64)
def _update_sql(names: tuple[str, ...]) -> str:
    return f"UPDATE artwork SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?"


@functools.lru_cache(maxsize=8)
def _insert_sql(names: tuple[str, ...]) -> str:
    marks = ", ".join("?" for _ in names)
    return f"INSERT INTO artwork ({', '.join(names)}) VALUES ({marks})"


def _defaults() -> dict[str, Any]:
    """What peewee fills in for a column an insert leaves out (its defaults are Python-side)."""
    model_fields = Artwork._meta.fields
    return {
        name: (field.default() if callable(field.default) else field.default)
        for name, field in model_fields.items()
        if name in _WRITABLE
    }


def _search_text_of(row: dict[str, Any]) -> str:
    return search_text(row["prompt"], row["title"], row["tags"], row["description"])


def _all_of(conditions: list[peewee.Expression]) -> peewee.Expression:
    """``conditions`` joined by AND as a balanced tree: a chain, one AND deeper per word of a
    long pasted query, would pass SQLite's limit of 1000 on an expression's depth."""
    if len(conditions) == 1:
        return conditions[0]
    middle = len(conditions) // 2
    return _all_of(conditions[:middle]) & _all_of(conditions[middle:])


def _matching(
    query: peewee.ModelSelect[Artwork],
    text: str,
    states: list[JobState] | None,
    starred: bool | None,
) -> peewee.ModelSelect[Artwork]:
    """``query`` narrowed to the rows a library search finds (:meth:`Ledger.search`)."""
    words = search_words(text)
    if words:
        searched = searched_text()
        query = query.where(_all_of([peewee.fn.instr(searched, word) > 0 for word in words]))
    if states:
        query = query.where(Artwork.state.in_([s.value for s in states]))
    if starred is not None:
        query = query.where(Artwork.starred == starred)
    return query


def _named_file(stored: str) -> str:
    """The image file a row's ``file_path`` names: ``stored`` when it is a whole path, empty
    otherwise. A relative path ("b.png") names no file of the library's: taken as it is, it
    was found in the app's current folder (often the artist's home folder), whose file of
    that name the tile and the preview showed, a Delete sent to the Trash and Publish sent
    to the bucket. Every path Kontext Studio writes is whole (the library folder must be,
    :func:`~kontext_studio.config.absolute_folder`)."""
    return stored if stored and Path(stored).is_absolute() else ""


def _snapshot_of(values: dict[str, Any]) -> Snapshot:
    try:
        values["state"] = JobState(values["state"])
    except ValueError:
        raise LibraryReadError(
            f"artwork {values.get('id')} has a state no Kontext Studio writes: {values['state']!r}"
        ) from None
    values["file_path"] = _named_file(values["file_path"])
    values["starred"] = bool(values["starred"])
    values["simulated"] = bool(values["simulated"])
    values["result_deleted"] = bool(values["result_deleted"])
    values["image_left_in_trash"] = bool(values["image_left_in_trash"])
    return Snapshot(**values)


def _reads(values: Mapping[str, Any]) -> bool:
    """Whether a row of ``values`` (a damaged library's, read back) reads as an artwork:
    its state one this app writes, and its texts and times of their types (a page SQLite
    still reads may hold another page's bytes)."""
    try:
        row = {name: values[name] for name in _FIELDS}
        _snapshot_of(dict(row))
    except (KontextError, KeyError, TypeError, ValueError):
        return False
    texts = ("source", "request_json", "prompt", "model", "ratio", "file_path", "title")
    times = ("created_at", "updated_at")
    return all(isinstance(row[name], str) for name in texts) and all(
        isinstance(row[name], int | float) and not isinstance(row[name], bool) for name in times
    )


def _snapshots(query: peewee.SelectBase) -> list[Snapshot]:
    """Rows as plain dicts: a model instance per row would double the cost of a big library.
    The key a row was sorted by, read with it (:data:`~kontext_studio.store.order.SORT_KEY`),
    is left out."""
    snapshots = []
    for values in cast(Iterable[dict[str, Any]], query.dicts()):
        values.pop(SORT_KEY, None)
        snapshots.append(_snapshot_of(values))
    return snapshots


def _columns() -> list[peewee.Field]:
    return [getattr(Artwork, name) for name in _FIELDS]


class _IntegrityCheckFailed(peewee.DatabaseError):
    pass


_ROLLBACK_FAILED = ("cannot rollback", "no such savepoint")
"""How SQLite refuses to roll back a transaction (or savepoint) it has ended itself."""


def _first_failure(error: BaseException) -> BaseException:
    """The failure that ``error``, a failed rollback, hides. On a full disk or an I/O error
    SQLite may roll the transaction back by itself; peewee's own rollback then fails with
    "cannot rollback - no transaction is active", raised in place of the error that says
    what happened: the artist read that instead of "database or disk is full"."""
    while str(error).startswith(_ROLLBACK_FAILED) and error.__context__ is not None:
        error = error.__context__
    return error


def _write_failed(path: Path, error: BaseException) -> StorageError:
    return _refused(path, error) or (LibraryBusyError if _is_busy(error) else StorageError).worded(
        QT_TRANSLATE_NOOP("Errors", "the library could not be written: {reason}"),
        reason=_reason(error),
    )


def _reason(error: BaseException) -> str:
    """Why SQLite failed, as the ``{reason}`` of a worded error: a full disk in our words,
    translated (SQLite's "database or disk is full" came in English in every language, at
    a write, at an upgrade the library is opened for, or at a read whose sorting needs
    room); else SQLite's own."""
    full = _disk_full(error)
    return str(error) if full is None else write_refusal(full)


def _disk_full(error: BaseException) -> OSError | None:
    """The full disk SQLite met, as the system says it, for the words we have for it;
    ``None`` for another error."""
    if _sqlite_name(error) != "SQLITE_FULL":
        return None
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """A damaged file, a table or column gone, or text that is not UTF-8 (all from outside
    the app) make a read fail as a :class:`LibraryReadError`, which the edge puts in words.
    Errors met while fetching rows come from sqlite3 itself, past peewee's mapping."""
    try:
        yield
    except (peewee.DatabaseError, sqlite3.DatabaseError) as error:  # sqlite3's: while fetching
        raise (LibraryBusyError if _is_busy(error) else LibraryReadError).worded(
            QT_TRANSLATE_NOOP("Errors", "the library could not be read: {reason}"),
            reason=_reason(error),
        ) from error


@contextlib.contextmanager
def _database_failures_as_storage_errors(path: Path) -> Iterator[None]:
    """I/O, a full disk or a damaged file (at any statement, COMMIT too) of the library at
    ``path`` become a :class:`StorageError`; a refused row (``IntegrityError``) stays its
    caller's alone."""
    try:
        yield
    except (peewee.IntegrityError, sqlite3.IntegrityError):
        raise
    except (peewee.DatabaseError, sqlite3.DatabaseError) as error:  # sqlite3's: while fetching
        first = _first_failure(error)
        if isinstance(first, StorageError):  # a step's, put in words already
            raise first from None
        raise _write_failed(path, first) from error


def _is_damage(error: BaseException) -> bool:
    """The file itself is broken (not a database, corrupt pages, failed quick_check), as
    opposed to unusable right now (locked, read-only, disk full, I/O error)."""
    if isinstance(error, _IntegrityCheckFailed):
        return True
    name = _sqlite_name(error)
    return name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT")


def _cannot_open(path: Path, error: BaseException) -> StorageError:
    """Why the library at ``path`` cannot be opened, for a reason other than damage. SQLite
    says only "unable to open database file" when its folder takes no new files (a read-only
    disk, no permission): it needs to make the ``-wal`` and ``-shm`` files beside it. Then
    the folder's words say what to do; "free disk space" would send the artist the wrong way."""
    if _is_busy(error):
        return LibraryBusyError.worded(_CANNOT_OPEN, path=str(path), reason=str(error))
    return _refused(path, error) or StorageError.worded(
        _CANNOT_OPEN, path=str(path), reason=_reason(error)
    )


_CANNOT_OPEN = QT_TRANSLATE_NOOP("Errors", "cannot open the library at {path}: {reason}")


def _refused(path: Path, error: BaseException) -> StorageError | None:
    """What refused SQLite the library at ``path`` when it could not open or change it:
    its folder, that takes no new files (a read-only disk, no permission), said in the
    folder's words; else, for "attempt to write a readonly database", the library file or
    its ``-wal`` or ``-shm`` file (read-only, another user's after ``sudo``), which SQLite
    opens read-only and lets be read. ``None`` for another error. Before, the second was
    "the file could not be written", with "free disk space", at each write."""
    name = _sqlite_name(error)
    if not name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
        return None
    folder_error = _write_refused(path.parent)
    if folder_error is not None:
        return folder_unusable(path.parent, folder_error)
    if name.startswith("SQLITE_READONLY"):
        return FileReadOnlyError.worded(_READ_ONLY_LIBRARY, path=str(path))
    return None


_READ_ONLY_LIBRARY = QT_TRANSLATE_NOOP(
    "Errors",
    "the library {path} cannot be changed: the file, or its -wal or -shm file beside it, is "
    "read-only or another user's",
)


def _move_aside(path: Path, aside: Path) -> None:
    """Move the damaged library at ``path``, with its ``-wal`` and ``-shm`` files, to
    ``aside``. A folder that refuses (a read-only disk) is said in its words, naming the
    damaged library that stays where it is: before, the move's own error ended the app
    with "Something went wrong"."""
    try:
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(path) + suffix)
            if source.exists():
                shutil.move(str(source), str(aside) + suffix)
    except OSError as error:
        refusal = folder_unusable(path.parent, error)
        raise type(refusal).worded(
            _NOT_MOVED_ASIDE, path=str(path), reason=Reason(refusal)
        ) from error


_NOT_MOVED_ASIDE = QT_TRANSLATE_NOOP(
    "Errors",
    "the library {path} is damaged, and cannot be moved aside to start a new one: {reason}",
)


_EMPTIED_AFTER_S = 60.0
"""How long a library file of 0 bytes has gone unwritten before it is taken for one emptied
(:func:`_emptied`), not one another Kontext Studio is making at this moment."""


def _emptied(path: Path) -> bool:
    """Whether the library at ``path`` is a file of 0 bytes, with no ``-wal`` beside it,
    unwritten for :data:`_EMPTIED_AFTER_S`: emptied (a sync, a copy or a backup gone wrong).
    SQLite takes such a file for a new library: the artist found an empty library and
    nothing said why. Now it is told as a damaged one (moved aside, a new one started)."""
    try:
        info = path.stat()
    except OSError:
        return False
    if info.st_size or os.path.lexists(f"{path}-wal"):
        return False
    return time.time() - info.st_mtime > _EMPTIED_AFTER_S


def _file_at(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names now (its device and inode); ``None`` when none.

    :meth:`Ledger.open` moves a damaged library aside only when it is still the file it
    found damaged: before, of two commands that found it damaged at once, the second moved
    the fresh library the first had begun in its place aside too, in the same second over
    the damaged one, lost for good, and the first went on in a file the app no longer
    reads. Between this look and the move is a moment no lock covers (SQLite's cannot lock
    a file that is no database); the two coincide far more rarely than the two opens."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def backup_path(path: Path, version: int) -> Path:
    """Where the copy of the library at ``path`` made before its schema ``version`` was
    upgraded is: beside it, named for the version (``library.schema-11.backup.sqlite3``)."""
    return path.with_name(f"{path.stem}.schema-{version}.backup{path.suffix}")


def _back_up(path: Path, busy_timeout_s: float, version: int) -> None:
    """Copy the library at ``path``, of schema ``version``, to :func:`backup_path`: through
    SQLite's backup, which copies what was committed (the ``-wal`` file's too), where
    copying the file could take half of a commit. Written beside it first, as one file (no
    ``-wal``), and renamed into place: a copy that stopped half-way never bears the
    backup's name. An earlier copy of that version goes first: the library, still of that
    version, holds all it held and more, and a disk with room for one copy must not need
    room for two (an upgrade that failed after its copy, tried again). The copy takes the
    library's WAL mode with its pages, and leaves it through a WAL of its own: in exclusive
    locking mode, that WAL has no ``-shm`` index, 32 KiB more than the copy needs, which a
    disk with room for the copy alone refused ("disk I/O error"). Called with the write
    lock held (:func:`~kontext_studio.store.schema.migrate`): the copy reads through a
    connection of its own (a connection cannot copy a file it is writing), and nothing
    changes the file meanwhile. :class:`LibraryBackupError` when it cannot be written."""
    backup = backup_path(path, version)
    part = backup.with_name(backup.name + ".part")
    try:
        for left in (part, Path(f"{part}-journal"), backup):  # a killed copy; an older one
            left.unlink(missing_ok=True)
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
        with (
            contextlib.closing(sqlite3.connect(part)) as copy,
            contextlib.closing(sqlite3.connect(path, timeout=busy_timeout_s)) as source,
        ):
            copy.execute("PRAGMA locking_mode = EXCLUSIVE")  # its WAL: no -shm
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # the library's WAL came with it
        os.replace(part, backup)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise _not_backed_up(backup, error) from error
    log.info(
        "library backed up before its upgrade",
        extra={"event": "library_backup", "path": str(backup), "schema": version},
    )


def _not_backed_up(backup: Path, error: OSError | sqlite3.Error) -> LibraryBackupError:
    """Why the copy ``backup`` cannot be written, in the folder's words where there are some
    (SQLite says "database or disk is full", or only "unable to open database file")."""
    log.warning(
        "library not backed up, so not upgraded",
        extra={"event": "library_backup_failed", "path": str(backup), "reason": str(error)},
    )
    refused = error if isinstance(error, OSError) else _disk_full(error)
    refused = refused or _write_refused(backup.parent)
    if refused is None:
        return LibraryBackupError.worded(_NOT_BACKED_UP, path=str(backup), reason=str(error))
    return folder_refused(
        LibraryBackupError, refused, str(backup.parent), _NOT_BACKED_UP, path=str(backup)
    )


_NOT_BACKED_UP = QT_TRANSLATE_NOOP("Errors", "cannot write the backup {path}: {reason}")


def _write_refused(folder: Path) -> OSError | None:
    """The error writing a new file in ``folder`` meets, or ``None`` when it takes one (the
    only test that holds for root, for whom permission bits do not count, and on a mount)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as error:
        return error


def _is_busy(error: BaseException) -> bool:
    """Another connection (another program) holds the lock the statement needed, for longer
    than ``busy_timeout`` waits."""
    return _sqlite_name(error).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _sqlite_name(error: BaseException) -> str:
    """SQLite's name for ``error`` (``SQLITE_BUSY``...), through peewee's wrapping; ``""``
    when it has none."""
    for candidate in (error, *error.args[:1], error.__cause__, error.__context__):
        name = getattr(candidate, "sqlite_errorname", "")
        if name:
            return str(name)
    return ""


class IllegalTransition(KontextError):
    kind = "illegal_transition"


class JobChanged(KontextError):
    """The row is no longer in a state its writer expected: a step it did not see (the
    artist's Cancel or Delete, another process) changed or deleted it since it was read.
    ``current`` is the row as it is now (``None``: deleted)."""

    kind = "job_changed"

    def __init__(self, job_id: int, current: Snapshot | None) -> None:
        state = current.state if current is not None else "deleted"
        super().__init__(f"job {job_id} is {state} now")
        # What the artist reads (the state's name stays in the log's English message).
        self.template = JOB_CHANGED
        self.values = {"job_id": job_id}
        self.current = current


class Ledger:
    """All reads and writes of the library database."""

    def __init__(
        self,
        path: Path,
        *,
        recovered_from: Path | None = None,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
        upgrade_elsewhere: Callable[[], object] = lambda: None,
        upgrade_wait_stopped: threading.Event | None = None,
    ) -> None:
        self.path = path
        self.recovered_from = recovered_from
        self.salvaged = Salvaged()
        """Of a library started in place of a damaged one (:attr:`recovered_from`), what
        was read back from it."""
        self._busy_timeout_s = busy_timeout_s
        self._upgrade_elsewhere = upgrade_elsewhere
        self._upgrade_wait_stopped = upgrade_wait_stopped
        # One connection for every thread (each call holds ``_lock``): then PRAGMA data_version
        # changes only when another program commits, and close() closes it all.
        self._db = peewee.SqliteDatabase(
            str(path),
            pragmas=_PRAGMAS,
            timeout=busy_timeout_s,  # from the connection's first statement: journal_mode
            check_same_thread=False,
            thread_safe=False,
            autoconnect=False,
        )
        # A search folds a row's fields itself where no folded copy is stored (see _v3).
        self._db.register_function(search_text, "search_text_of", 4, deterministic=True)
        self._db.register_function(sort_name, "sort_name_of", 2, deterministic=True)
        self._lock = threading.RLock()
        self._batching = False  # only ever true while the batch's thread holds _lock
        self._written: dict[int, Snapshot] = {}
        """Of each running job, its row as its last write here left it (:meth:`written`)."""

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
        upgrade_elsewhere: Callable[[], object] = lambda: None,
        upgrade_wait_stopped: threading.Event | None = None,
    ) -> Ledger:
        """Open (creating or migrating) the library; move a damaged file aside.
        ``busy_timeout_s``: how long a statement waits for a lock another program holds.
        ``upgrade_elsewhere``: called (on this thread) when another instance is upgrading
        the library, which this one waits for (:mod:`~kontext_studio.store.upgrading`), until
        ``upgrade_wait_stopped`` is set (``UpgradeWaitStopped`` then)."""
        make_folder(path.parent)
        opened = _file_at(path)
        try:
            if _emptied(path):
                raise _IntegrityCheckFailed("the library file is empty")
            ledger = cls(
                path,
                busy_timeout_s=busy_timeout_s,
                upgrade_elsewhere=upgrade_elsewhere,
                upgrade_wait_stopped=upgrade_wait_stopped,
            )
            ledger._connect()
            return ledger
        except (peewee.DatabaseError, sqlite3.DatabaseError) as raised:
            error = _first_failure(raised)
            if not _is_damage(error):
                raise _cannot_open(path, error) from raised
            there = _file_at(path)
            if there != opened:
                # Another instance found it damaged too and moved it aside meanwhile (a
                # command run beside this one): the library there now is its fresh one.
                return cls.open(
                    path,
                    busy_timeout_s=busy_timeout_s,
                    upgrade_elsewhere=upgrade_elsewhere,
                    upgrade_wait_stopped=upgrade_wait_stopped,
                )
            if there is None:
                raise StorageError.worded(
                    QT_TRANSLATE_NOOP("Errors", "cannot create the library at {path}: {reason}"),
                    path=str(path),
                    reason=str(error),
                ) from raised
            aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
            _move_aside(path, aside)
            log.error("library damaged, moved aside", extra={"event": "db_recovered"})
            ledger = cls(
                path,
                recovered_from=aside,
                busy_timeout_s=busy_timeout_s,
                upgrade_elsewhere=upgrade_elsewhere,
                upgrade_wait_stopped=upgrade_wait_stopped,
            )
            ledger._connect()
            ledger._read_back(aside)
            return ledger

    def _read_back(self, damaged: Path) -> None:
        """Copy into this new library the rows of the ``damaged`` one that still read
        (:mod:`~kontext_studio.store.salvage`), told by :attr:`salvaged`; in one
        transaction, undone when a write into this library fails (a full disk), which is
        said as any of its writes is, this library closed."""
        try:
            with (
                self._connected(),
                _database_failures_as_storage_errors(self.path),
                self._db.atomic(),
            ):
                try:
                    connection = self._db.connection()
                    self.salvaged = salvage(damaged, connection, SCHEMA_VERSION, _reads)
                except FreshLibraryError as failed:
                    raise failed.error from None
        except StorageError:
            self.close()
            raise

    def _connect(self) -> None:
        try:
            database_proxy.initialize(self._db)
            self._db.connect(reuse_if_open=True)
            if self._db.execute_sql("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _IntegrityCheckFailed("integrity check failed")
            migrate(
                self._db,
                functools.partial(_back_up, self.path, self._busy_timeout_s),
                functools.partial(
                    upgrading_alone,
                    self.path,
                    self._upgrade_elsewhere,
                    stopped=self._upgrade_wait_stopped,
                ),
            )
        except Exception:
            self._db.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextlib.contextmanager
    def _connected(self) -> Iterator[None]:
        """Hold the lock on the open connection. The database never connects by itself: a
        call after :meth:`close` (a late one while the app shuts down) would otherwise open
        the file again and leave its ``-wal`` and ``-shm`` files behind."""
        with self._lock:
            if self._db.is_closed():
                raise LibraryClosedError(str(self.path))
            yield

    def integrity_ok(self) -> bool:
        with self._connected():
            return bool(self._db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok")

    # Writes -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group commit: the writes made inside share one transaction, synced to disk at its
        end (each as safe as a ``durable`` one), instead of a transaction each. An exception
        out of the block rolls all of them back. Batches do not nest."""
        with self._connected():
            if self._batching:
                raise RuntimeError("ledger batches do not nest")
            with _database_failures_as_storage_errors(self.path):
                self._db.execute_sql("PRAGMA synchronous = FULL")
                try:
                    with self._db.atomic(WRITE_LOCK_FIRST):
                        self._batching = True
                        yield
                finally:
                    self._batching = False
                    self._db.execute_sql("PRAGMA synchronous = NORMAL")

    @contextlib.contextmanager
    def step(self) -> Iterator[None]:
        """Inside :meth:`batch`: one caller's writes, undone alone (a savepoint) if the block
        raises, while the rest of the batch stands."""
        with self._connected():
            if not self._batching:
                raise RuntimeError("a ledger step belongs in a batch")
            with _database_failures_as_storage_errors(self.path), self._db.atomic():
                yield

    def _write(self, fn: Any, *, durable: bool = False) -> Any:
        """Run ``fn`` in one transaction; ``durable`` syncs it to disk (power-cut safe), at
        the cost of an fsync, where the default survives only a crash of the process.
        Inside :meth:`batch`, ``fn`` joins the batch's transaction."""
        with self._connected(), _database_failures_as_storage_errors(self.path):
            if self._batching:
                return fn()
            if durable:
                self._db.execute_sql("PRAGMA synchronous = FULL")
            try:
                with self._db.atomic(WRITE_LOCK_FIRST):
                    return fn()
            finally:
                if durable:
                    self._db.execute_sql("PRAGMA synchronous = NORMAL")

    def create_job(
        self,
        request: GenerateRequest,
        *,
        title: str = "",
        simulated: bool = False,
        batch: tuple[int, int] = (0, 0),
        press: str = "",
        created_at: float | None = None,
    ) -> Snapshot:
        """Write a new job in ``queued``: the first thing that happens on Generate.
        ``simulated``: demo mode's, for the simulator to carry on; ``batch``: its place
        among the images of one generate that makes several, and how many (0, 0: alone);
        ``press``: the press of Generate in a window that asked for it
        (:attr:`Snapshot.press`); ``created_at``: the time of the jobs of its generate
        written before it; for the first, a time of its own, now or a step past the rows
        that have it (:mod:`~kontext_studio.store.moments`)."""
        now = time.time()
        place, size = batch
        return self._insert(
            own_time=created_at is None,
            batch_place=place,
            batch_size=size,
            press=press,
            source=GENERATED,
            request_json=request.to_json(),
            prompt=request.prompt,
            model=request.model,
            ratio=request.aspect_ratio or "match",
            state=JobState.QUEUED.value,
            created_at=now if created_at is None else created_at,
            updated_at=now,
            title=title,
            simulated=simulated,
        )

    def create_upload(self, **values: Any) -> Snapshot:
        """Record an artwork made elsewhere; it starts ``completed``, at a time of its own
        (:mod:`~kontext_studio.store.moments`)."""
        now = time.time()
        return self._insert(
            own_time=True,
            **{
                **values,
                "source": UPLOADED,
                "state": JobState.COMPLETED.value,
                "created_at": now,
                "updated_at": now,
                "completed_at": now,
            },
        )

    def create_following(
        self, sent: Snapshot, task_id: str, *, title: str = ""
    ) -> tuple[Snapshot, bool]:
        """Write a job that follows ``task_id``, a task KIE made (and charged) for a send of
        ``sent`` (its request, its upload, its mode) that ``sent``'s job cannot keep: in
        ``generating``, as a job whose answer just came, synced to disk before this returns,
        so a start after a kill follows the task and never sends it again. Returns the row
        and whether it was added: a row that follows the task already (in the same mode) is
        returned instead, read in the same write transaction, so one task never makes two
        artworks, whoever writes it.

        The row names ``sent``'s job (:attr:`Snapshot.made_for_job`), which the preview
        tells of, and keeps its place among the results of its generate
        (:attr:`Snapshot.batch_place`): an extra image of that place, which its caption says
        ("2 of 4, an extra image"); without it, it read as an image made alone. Its
        description is the artist's, empty: it goes out with the artwork when
        it is published (the manifest), where a note of a job's sends has no place. It is
        written at a time of its own (:mod:`~kontext_studio.store.moments`)."""
        now = time.time()
        row = {
            **_defaults(),
            "source": GENERATED,
            "request_json": sent.request_json,
            "prompt": sent.prompt,
            "model": sent.model,
            "ratio": sent.ratio,
            "state": JobState.GENERATING.value,
            "task_id": task_id,
            "created_at": now,
            "updated_at": now,
            "submitted_at": now,
            "submit_count": 1,
            "input_image_url": sent.input_image_url,
            "input_uploaded_at": sent.input_uploaded_at,
            "title": title,
            "simulated": sent.simulated,
            "made_for_job": sent.id,
            "batch_place": sent.batch_place,
            "batch_size": sent.batch_size,
        }

        def insert() -> tuple[Snapshot, bool]:
            found = self.find_by_task(task_id, simulated=sent.simulated)
            if found is not None:
                return found, False
            return self._inserted({**row, "created_at": unused_time(self._db, now)}), True

        result: tuple[Snapshot, bool] = self._write(insert, durable=True)
        return result

    def _insert(self, *, own_time: bool, **values: Any) -> Snapshot:
        """Insert a row of ``values`` in a write of its own; ``own_time``: at its
        ``created_at`` or, when a row has that time, a step past it
        (:func:`~kontext_studio.store.moments.unused_time`), read in the same transaction."""
        row = {**_defaults(), **values}
        _whole_file_path(row)

        def insert() -> Snapshot:
            if not own_time:
                return self._inserted(row)
            return self._inserted({**row, "created_at": unused_time(self._db, row["created_at"])})

        result: Snapshot = self._write(insert)
        return result

    def _inserted(self, row: dict[str, Any]) -> Snapshot:
        """Insert ``row`` (every writable column) in the transaction under way."""
        names = _checked(row)
        stored = dict(zip(names, _adapted(row), strict=True))
        cursor = self._db.execute_sql(
            _insert_sql((*names, "search_text")), [*stored.values(), _search_text_of(stored)]
        )
        return _snapshot_of({**stored, "id": cursor.lastrowid})

    def bring_back(self, rows: Sequence[Snapshot]) -> list[Snapshot]:
        """Write ``rows``, artworks deleted before, back as they were, in one write synced
        to disk: each under a new id (ids are never given twice: a view, a Delete's note
        of an id gone, never meets it again), its place in the library kept by its
        ``created_at`` and its ``batch_place`` (:mod:`~kontext_studio.store.order`) and,
        among rows of one time and place, by new ids in the order of the old.
        Not noted as in the trash. The rows as written, in the order given. A ``file_path``
        another program wrote relative is written back as it was (no new write's, which
        :class:`RelativeFilePathError` refuses): refused, the Undo that brought it back
        failed, and the artwork stayed deleted."""
        writable = [f.name for f in fields(Snapshot) if f.name in _WRITABLE]

        def insert() -> list[Snapshot]:
            written = {
                row.id: self._inserted(
                    {
                        **_defaults(),
                        **{name: getattr(row, name) for name in writable},
                        "state": row.state.value,
                        "trashed_at": None,
                    }
                )
                for row in sorted(rows, key=lambda row: row.id)
            }
            return [written[row.id] for row in rows]

        result: list[Snapshot] = self._write(insert, durable=True)
        return result

    def transition(
        self,
        job_id: int,
        new: JobState,
        *,
        expect: Collection[JobState] | None = None,
        expect_values: Mapping[str, Any] | None = None,
        derived: Callable[[Snapshot], Mapping[str, Any]] | None = None,
        **values: Any,
    ) -> Snapshot:
        """Move a job to ``new`` (checked against the state machine) and set ``values``.
        ``expect``: the states the caller last read; a row in another one, or gone, is left
        as it is and :class:`JobChanged` raised (read and written in one transaction).
        ``expect_values``: columns as the caller last read them, checked alike: a state
        alone cannot tell a row moved on and back (cancelled, then queued again).
        ``derived``: further columns, from the row as the transaction read it (``values``
        win), without a second read."""

        def check(old: JobState) -> None:
            if old is not new and not can_move(old, new):
                raise IllegalTransition(f"job {job_id}: {old} -> {new}")

        result: Snapshot = self._write(
            lambda: self._change(
                job_id,
                {"state": new.value, **values},
                check,
                expect=expect,
                expect_values=expect_values,
                derived=derived,
            ),
            durable=new in DURABLE_STATES,
        )
        return result

    def update(
        self, job_id: int, *, expect_values: Mapping[str, Any] | None = None, **values: Any
    ) -> Snapshot:
        """Change fields without a state change (title, star, publication, upload URL).
        ``expect_values`` as for :meth:`transition`."""
        if "state" in values:
            raise ValueError("use transition() to change state")
        result: Snapshot = self._write(
            lambda: self._change(job_id, values, expect_values=expect_values)
        )
        return result

    def note(
        self,
        job_id: int,
        *,
        expect: Collection[JobState] | None = None,
        expect_values: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> Snapshot:
        """Change fields that only inform (why a running job is held up) and leave
        ``updated_at`` as it is: a running job's timeout is measured from it, and a note is
        no step of the job. It counts as a write all the same (:attr:`Snapshot.revision`):
        views take its copy over one read before it. ``expect`` and ``expect_values`` as
        for :meth:`transition`."""
        if "state" in values:
            raise ValueError("use transition() to change state")
        result: Snapshot = self._write(
            lambda: self._change(
                job_id, values, touch=False, expect=expect, expect_values=expect_values
            )
        )
        return result

    def _change(
        self,
        job_id: int,
        values: dict[str, Any],
        check: Callable[[JobState], None] | None = None,
        *,
        touch: bool = True,
        expect: Collection[JobState] | None = None,
        expect_values: Mapping[str, Any] | None = None,
        derived: Callable[[Snapshot], Mapping[str, Any]] | None = None,
    ) -> Snapshot:
        """Read the row, write only the changed columns, and build the new snapshot from what
        was read and written (no second read); ``touch`` sets ``updated_at`` to now, and
        every write counts one more :attr:`Snapshot.revision`; ``derived`` as for
        :meth:`transition`. The engine makes six of these per job."""
        row = self._row(job_id)
        if expect is not None or expect_values:
            self._expected(job_id, row, expect, expect_values or {})
        if row is None:
            raise JobGoneError.worded(NO_SUCH_JOB, job_id=job_id)
        if check is not None:
            check(JobState(row["state"]))
        if derived is not None:
            values = {**derived(_snapshot_of(dict(row))), **values}
        if "revision" in values:
            raise ValueError("a row's revision is counted by each write, never set")
        changed = {**values, "updated_at": time.time()} if touch else dict(values)
        changed["revision"] = row["revision"] + 1
        if "error_message" in changed:  # words kept for an earlier message must not outlive it
            changed.setdefault("error_words", "")
        names = _checked(changed)
        _whole_file_path(changed)
        stored = _adapted(changed)
        row.update(zip(names, stored, strict=True))
        self._db.execute_sql(_update_sql(names), [*stored, job_id])
        if _SEARCHED.intersection(names):
            # Written after the fields, in a statement of its own: the trigger that clears the
            # column when another program changes a field fires on that statement, also when
            # the folded text stays the same ("Fox" -> "fox"); this one sets it again.
            self._db.execute_sql(_update_sql(("search_text",)), [_search_text_of(row), job_id])
        written = _snapshot_of(row)
        if written.state.is_active:
            self._written[job_id] = written
        else:
            self._written.pop(job_id, None)
        return written

    def written(self, job_id: int) -> Snapshot | None:
        """Running job ``job_id``'s row as the last write of it through this ledger left it
        (None: none since it ran), committed or not (a full disk): the newest copy of it
        this process told, where the row cannot be read to tell the job's stop that could
        not be written either (the engine's), newer than that copy."""
        return self._written.get(job_id)

    @staticmethod
    def _expected(
        job_id: int,
        row: dict[str, Any] | None,
        expect: Collection[JobState] | None,
        values: Mapping[str, Any],
    ) -> None:
        names = _checked(values)
        if (
            row is None
            or (expect is not None and JobState(row["state"]) not in expect)
            or [row[name] for name in names] != _adapted(dict(values))
        ):
            raise JobChanged(job_id, _snapshot_of(dict(row)) if row is not None else None)

    def _row(self, job_id: int | None) -> dict[str, Any] | None:
        return self._first("id = ?", job_id)

    def _first(self, where: str, value: Any) -> dict[str, Any] | None:
        found = self._db.execute_sql(f"{_SELECT} WHERE {where} LIMIT 1", (value,)).fetchone()
        return dict(zip(_FIELDS, found, strict=True)) if found else None

    def delete(self, job_id: int) -> Snapshot | None:
        """Remove the row of ``job_id``; the row as it was, None when there was none. Synced
        to disk (``durable``) before it returns: the caller's next step is to remove the
        artwork's image."""

        def remove() -> Snapshot | None:
            row = self._row(job_id)
            if row is None:
                return None
            self._db.execute_sql("DELETE FROM artwork WHERE id = ?", (job_id,))
            self._written.pop(job_id, None)
            return _snapshot_of(row)

        result: Snapshot | None = self._write(remove, durable=True)
        return result

    # Reads --------------------------------------------------------------------------------

    def get(self, job_id: int) -> Snapshot | None:
        with self._connected(), _reading():
            row = self._row(job_id)
            return _snapshot_of(row) if row else None

    def get_many(self, job_ids: Collection[int]) -> dict[int, Snapshot]:
        """The rows of ``job_ids`` that exist, by id: one read for many jobs."""
        ids = list(job_ids)
        found: dict[int, Snapshot] = {}
        with self._connected(), _reading():
            for start in range(0, len(ids), _IDS_PER_READ):
                chunk = ids[start : start + _IDS_PER_READ]
                marks = ", ".join("?" * len(chunk))
                rows = self._db.execute_sql(f"{_SELECT} WHERE id IN ({marks})", chunk)
                for row in rows.fetchall():
                    snap = _snapshot_of(dict(zip(_FIELDS, row, strict=True)))
                    found[snap.id] = snap
        return found

    def unnamed_files(self, job_ids: Collection[int]) -> dict[int, str]:
        """The ``file_path`` of each row of ``job_ids`` that holds one naming no file (a
        relative path: :func:`_named_file`), as written, by id: a Delete's Undo writes it
        back as it was (:class:`~kontext_studio.store.undo.Deleted`)."""
        ids = list(job_ids)
        found: dict[int, str] = {}
        with self._connected(), _reading():
            for start in range(0, len(ids), _IDS_PER_READ):
                chunk = ids[start : start + _IDS_PER_READ]
                marks = ", ".join("?" * len(chunk))
                rows = self._db.execute_sql(
                    f"SELECT id, file_path FROM artwork WHERE id IN ({marks}) AND file_path != ''",
                    chunk,
                )
                for job_id, stored in rows.fetchall():
                    if not _named_file(stored):
                        found[int(job_id)] = str(stored)
        return found

    def result_folders(self) -> list[str]:
        """The folders holding the images of jobs KIE made (a library folder's month), as
        written, each once: where earlier runs saved results, under the library folder each
        had (:func:`~kontext_studio.jobs.files.library_folders`). One read of every row."""
        with self._connected(), _reading():
            rows = self._db.execute_sql(
                "SELECT DISTINCT rtrim(file_path, replace(replace(file_path, '/', ''), '\\', ''))"
                " FROM artwork WHERE task_id IS NOT NULL AND file_path != ''"
            ).fetchall()
        return [str(folder) for (folder,) in rows if folder]

    def holds_file(self, path: str, sha256: str = "") -> bool:
        """Whether an artwork's row names the file at ``path`` (its
        :attr:`Snapshot.file_path`), or records ``sha256`` as its image's bytes (the same
        file, named by another spelling of its path, or a copy)."""
        with self._connected(), _reading():
            found = self._db.execute_sql(
                "SELECT 1 FROM artwork WHERE file_path = ? OR (? != '' AND sha256 = ?) LIMIT 1",
                (path, sha256, sha256),
            ).fetchone()
            return found is not None

    def kept_for(self, job_id: int) -> list[Snapshot]:
        """The artworks kept for tasks that earlier sends of ``job_id`` made, which the job
        could not keep (:meth:`create_following`, :attr:`Snapshot.made_for_job`), oldest
        first: the job's preview and ``jobs ID`` name them. Through an index of the few
        rows that name a job: the preview asks for each job it shows."""
        with self._connected(), _reading():
            rows = self._db.execute_sql(
                f"{_SELECT} WHERE made_for_job = ? ORDER BY id", (job_id,)
            ).fetchall()
        return [_snapshot_of(dict(zip(_FIELDS, row, strict=True))) for row in rows]

    def naming(self, job_ids: Collection[int]) -> list[Snapshot]:
        """The artworks that name one of ``job_ids``: kept for a late task of its job
        (:attr:`Snapshot.made_for_job`), or edited from its image (Use as reference:
        :attr:`GenerateRequest.image_job`), oldest first. Reads every row's request: for a
        rare step (an Undo of a Delete), off the GUI thread."""
        ids = list(job_ids)
        found: dict[int, Snapshot] = {}
        per_read = _IDS_PER_READ // 2  # each id is asked for twice
        with self._connected(), _reading():
            for start in range(0, len(ids), per_read):
                chunk = ids[start : start + per_read]
                marks = ", ".join("?" * len(chunk))
                rows = self._db.execute_sql(
                    f"{_SELECT} WHERE made_for_job IN ({marks}) OR (json_valid(request_json)"
                    f" AND json_extract(request_json, '$.image_job') IN ({marks}))",
                    chunk * 2,
                )
                for row in rows.fetchall():
                    snap = _snapshot_of(dict(zip(_FIELDS, row, strict=True)))
                    found[snap.id] = snap
        return [found[job_id] for job_id in sorted(found)]

    def kept_ids(self) -> dict[int, list[int]]:
        """:meth:`kept_for` of every job at once, as numbers: job id to the ids of the
        artworks kept for it, oldest first (``jobs --json`` names them on each row). Read
        through the same index of the few rows that name a job."""
        with self._connected(), _reading():
            rows = self._db.execute_sql(
                "SELECT made_for_job, id FROM artwork WHERE made_for_job IS NOT NULL ORDER BY id"
            ).fetchall()
        kept: dict[int, list[int]] = {}
        for job_id, artwork_id in rows:
            kept.setdefault(job_id, []).append(artwork_id)
        return kept

    def data_version(self) -> int:
        """A number that changes whenever another connection (the CLI, a second window)
        commits to the file; this connection's own writes leave it as it is."""
        with self._connected(), _reading():
            return int(self._db.execute_sql("PRAGMA data_version").fetchone()[0])

    def fold_written_elsewhere(self) -> None:
        """Fold the search texts of the rows another program wrote since the library was
        opened (:func:`~kontext_studio.store.schema.fold_written_elsewhere`): given up at
        once, and left for a later call, when another program holds the library."""
        with self._connected(), _reading():
            fold_written_elsewhere(self._db)

    def newest_id(self) -> int:
        """The highest artwork id so far (0 when empty); rows added later have higher ids."""
        with self._connected(), _reading():
            found = self._db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM artwork").fetchone()
            return int(found[0])

    def find_by_sha(self, sha256: str) -> Snapshot | None:
        with self._connected(), _reading():
            row = self._first("sha256 = ?", sha256)
            return _snapshot_of(row) if row else None

    def find_by_task(self, task_id: str, *, simulated: bool) -> Snapshot | None:
        """The artwork that follows ``task_id`` in that mode (a task is the demo server's or
        KIE's); None for none. Inside a write, read in its transaction."""
        with self._connected(), _reading():
            found = self._db.execute_sql(
                f"{_SELECT} WHERE task_id = ? AND simulated = ? LIMIT 1", (task_id, int(simulated))
            ).fetchone()
            return _snapshot_of(dict(zip(_FIELDS, found, strict=True))) if found else None

    def deleted_task(self, task_id: str, *, simulated: bool) -> DeletedTask | None:
        """The artwork that followed ``task_id`` in that mode, its image in the library, and
        was deleted since (the latest, should there be several); None for none: a job
        deleted before its image came is not one (schema 17). Inside a write, read in its
        transaction."""
        with self._connected(), _reading():
            found = self._db.execute_sql(
                "SELECT job_id, title, deleted_at FROM deleted_task"
                " WHERE task_id = ? AND simulated = ?",
                (task_id, int(simulated)),
            ).fetchone()
            if found is None:
                return None
            job_id, title, deleted_at = found
            return DeletedTask(task_id, int(job_id), str(title), float(deleted_at))

    def find_by_input_image(self, url: str, *, simulated: bool) -> list[Snapshot]:
        """The jobs of that mode whose last send took ``url`` (their reference's upload,
        :attr:`Snapshot.input_image_url`) as its ``inputImage``; none for an empty url."""
        if not url:
            return []
        with self._connected(), _reading():
            found = self._db.execute_sql(
                f"{_SELECT} WHERE input_image_url = ? AND simulated = ?", (url, int(simulated))
            ).fetchall()
            return [_snapshot_of(dict(zip(_FIELDS, row, strict=True))) for row in found]

    def find_by_original(self, sha256: str) -> Snapshot | None:
        """The artwork imported from a file with this hash (:attr:`Snapshot.original_sha256`),
        whatever its copy's hash; None for none, and for an empty hash."""
        if not sha256:
            return None
        with self._connected(), _reading():
            row = self._first("original_sha256 = ?", sha256)
            return _snapshot_of(row) if row else None

    def published_under(
        self, key: str, *, other_than: int, bucket: str, hosts: Sequence[str]
    ) -> Snapshot | None:
        """An artwork but ``other_than`` whose record names ``key`` as published in
        ``bucket`` at one of ``hosts`` (the spellings of one endpoint's host, compared with
        no regard to case; identical bytes share an object key); None for none, and for no
        key. One recorded before buckets were kept counts as published in any: it may be
        in this one, and a publish there must not take it down."""
        if not key or not hosts:
            return None
        marks = ", ".join("?" * len(hosts))
        with self._connected(), _reading():
            found = self._db.execute_sql(
                f"{_SELECT} WHERE published_key = ? AND id != ? AND (published_bucket = ''"
                f" OR (published_bucket = ? AND published_host COLLATE NOCASE IN ({marks})))"
                " LIMIT 1",
                (key, other_than, bucket, *hosts),
            ).fetchone()
            return _snapshot_of(dict(zip(_FIELDS, found, strict=True))) if found else None

    def may_be_gone(self) -> list[int]:
        """The ids of the artworks an unpublish did not finish (:attr:`Snapshot.may_be_gone`),
        oldest first. Through an index of those few rows alone."""
        with self._connected(), _reading():
            rows = self._db.execute_sql(
                f"SELECT id FROM artwork WHERE {MAY_BE_GONE_WHERE} ORDER BY id"
            ).fetchall()
            return [int(row[0]) for row in rows]

    def failed_with(self, kinds: Collection[str]) -> list[Snapshot]:
        """The failed jobs that stopped on an error of one of ``kinds``, oldest first."""
        with self._connected(), _reading():
            stopped = (Artwork.state == JobState.FAILED.value) & Artwork.error_kind.in_(kinds)
            query = Artwork.select(*_columns()).where(stopped).order_by(Artwork.id)
            return _snapshots(query.bind(self._db))

    def unfinished(self) -> list[Snapshot]:
        active = [s.value for s in JobState if s.is_active]
        with self._connected(), _reading():
            query = (
                Artwork.select(*_columns()).where(Artwork.state.in_(active)).order_by(Artwork.id)
            )
            return _snapshots(query.bind(self._db))

    def search(
        self,
        text: str = "",
        *,
        states: list[JobState] | None = None,
        starred: bool | None = None,
        limit: int | None = None,
        before: Cursor | None = None,
        order: LibraryOrder = LibraryOrder.NEWEST,
        through: Cursor | None = None,
    ) -> list[Snapshot]:
        """In ``order`` (newest first by default); ``text`` matches when each of its words is
        in the prompt, title, tags or description, whatever the case or accents
        (:mod:`kontext_studio.store.search`). ``before``, the last row seen's
        :func:`~kontext_studio.store.order.cursor_of`, asks for the next page: rows added
        meanwhile cannot shift it, as they would an offset. ``through``, a row's cursor, ends
        the rows read at that row."""
        query = page_of(
            _columns(),
            functools.partial(_matching, text=text, states=None, starred=starred),
            order,
            before,
            limit,
            through,
            list(dict.fromkeys(state.value for state in states or ())),  # each state read once
        )
        with self._connected(), _reading():
            return _snapshots(query.bind(self._db))

    @contextlib.contextmanager
    def one_view(self) -> Iterator[None]:
        """The reads made inside see the library as it was at the first of them: a write
        from another connection (the window, a command) meanwhile is seen by none of them,
        not by the later ones only (a list cut short, then what it left out counted)."""
        with self._connected(), _reading(), self._db.atomic():
            yield

    def count_matching(
        self, text: str = "", *, states: list[JobState] | None = None, starred: bool | None = None
    ) -> int:
        """How many rows :meth:`search` finds for the same ``text``, ``states`` and
        ``starred`` without a limit: what a list cut short leaves out."""
        query = _matching(Artwork.select(), text, states, starred)
        with self._connected(), _reading():
            return int(query.bind(self._db).count())

    def pressed_jobs(self, press: str, prompt: str, count: int, since: float) -> int:
        """How many jobs ``press`` of Generate wrote (:attr:`Snapshot.press`; of several,
        each knows how many were made with it), not the artworks kept for a task of an
        earlier send of one (:attr:`Snapshot.made_for_job`), made after their job. A press
        kept by a version that wrote none with its jobs (``press`` empty) is known only by
        its ``prompt``, ``count`` of jobs and when it was made (``since``): the jobs alike
        that version wrote since then are counted, whoever's."""
        query = Artwork.select().where(
            (Artwork.source == GENERATED)
            & (Artwork.press == press)
            & Artwork.made_for_job.is_null()
        )
        if not press:
            query = query.where(
                (Artwork.prompt == prompt)
                & (Artwork.batch_size == (count if count > 1 else 0))
                & (Artwork.created_at >= since)
            )
        with self._connected(), _reading():
            return int(query.bind(self._db).count())

    def reference_names(self) -> set[str]:
        """The file names of the reference copies every job in the library names, whatever
        its state: a running job sends its copy, a stopped one may upload it again on Retry,
        a finished edit shows it beside its result and Reuse settings loads it. A row whose
        request cannot be read names none."""
        query = (
            "SELECT DISTINCT json_extract(request_json, '$.image_path') FROM artwork "
            "WHERE json_valid(request_json) "
            "AND json_type(request_json, '$.image_path') = 'text'"
        )
        with self._connected(), _reading():
            found = self._db.execute_sql(query).fetchall()
        return {Path(row[0]).name for row in found}

    def count(self) -> int:
        with self._connected(), _reading():
            return int(Artwork.select().bind(self._db).count())
