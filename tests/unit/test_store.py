"""The ledger: schema versioning, state rules, search, and recovery from a damaged file."""

from __future__ import annotations

import contextlib
import errno
import itertools
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import peewee
import pytest

from kontext_studio.errors import (
    InputError,
    KontextError,
    LibraryBackupError,
    LibraryBusyError,
    LibraryClosedError,
    LibraryReadError,
    LibraryUpgradingError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    PublishError,
    RelativeFilePathError,
    StorageError,
)
from kontext_studio.explain import explain, explain_removal
from kontext_studio.jobs.claim import lock_now, unlock_and_close
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store import ledger as ledger_module
from kontext_studio.store import salvage as salvage_module
from kontext_studio.store import schema
from kontext_studio.store.ledger import (
    IllegalTransition,
    JobChanged,
    Ledger,
    Snapshot,
)
from kontext_studio.store.moments import after
from kontext_studio.store.order import LibraryOrder, cursor_of, order_key
from kontext_studio.store.salvage import FreshLibraryError, Salvaged
from kontext_studio.store.schema import SCHEMA_VERSION, UNICODE_VERSION
from kontext_studio.store.search import SORT_NAME_INDEXED, fold, search_text
from kontext_studio.store.upgrading import (
    UpgradeWaitStopped,
    upgrade_lock_path,
    upgrading_alone,
)
from tests.fixtures import chinese_library, library_image, old_library, upgrade_held


def open_ledger(tmp_path: Path) -> Ledger:
    return Ledger.open(tmp_path / "library.sqlite3")


def _back_to_schema(path: Path, version: int, *changes: str) -> None:
    """Make the closed library at ``path`` one of schema ``version``: undo with ``changes``
    what the schemas since added, then note the version, as that schema left it."""
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for change in changes:
            conn.execute(change)
        conn.execute(f"PRAGMA user_version = {version}")


def _fox_at_schema(path: Path, version: int, *changes: str) -> int:
    """A closed library at ``path`` of schema ``version`` (:func:`_back_to_schema`) holding
    one job, "a red fox": its id."""
    ledger = Ledger.open(path)
    fox = ledger.create_job(GenerateRequest("a red fox")).id
    ledger.close()
    _back_to_schema(path, version, *changes)
    return fox


def _only_backup_is_of_schema(folder: Path, version: int) -> None:
    """The library in ``folder`` was backed up once, before its upgrade from ``version``."""
    backup = f"library.schema-{version}.backup.sqlite3"
    assert _backups(folder) == [backup]
    with contextlib.closing(sqlite3.connect(folder / backup)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version


def test_new_library_is_at_the_current_schema_in_wal_mode(tmp_path):
    ledger = open_ledger(tmp_path)
    ledger.close()
    with sqlite3.connect(tmp_path / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = {row[1] for row in conn.execute("PRAGMA index_list('artwork')")}
    assert {
        "artwork_task_id",
        "artwork_state_newest_first",
        "artwork_state_starred_first",
    } <= indexes
    assert "artwork_state" not in indexes  # the two above begin with the state
    assert "artwork_created" not in indexes  # artwork_newest_first reads the dates as it did


def test_a_library_from_a_newer_version_is_not_touched(tmp_path):
    path = tmp_path / "library.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(StorageError, match="newer Kontext Studio") as raised:
        Ledger.open(path)
    assert path.exists()  # neither moved aside nor migrated down
    words = explain(raised.value)
    assert words.message.startswith("The library was made by a newer Kontext Studio.")
    assert words.hint == "Update Kontext Studio to open it."


def test_damaged_file_is_moved_aside_and_a_fresh_library_starts(tmp_path):
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    ledger = Ledger.open(path)
    assert ledger.recovered_from is not None
    assert ledger.recovered_from.read_bytes().startswith(b"SQLite format 3")
    assert ledger.count() == 0
    assert ledger.integrity_ok()
    ledger.close()


def made_library(path: Path, count: int = 400) -> list[Snapshot]:
    """A library of ``count`` finished artworks, their prompts long enough to fill pages."""
    ledger = Ledger.open(path)
    try:
        return [
            ledger.create_upload(prompt=f"fox {n} " + "in the snow " * 60, file_path=f"/a/{n}.png")
            for n in range(count)
        ]
    finally:
        ledger.close()


def spoilt(path: Path, where: str) -> bytes:
    """``path``'s library with pages spoilt ``where`` ("middle": four pages; "end": its last
    two, which hold the newest rows) or cut short to 60 % of its length ("cut")."""
    data = bytearray(path.read_bytes())
    page = 4096
    if where == "cut":
        del data[len(data) * 6 // 10 // page * page :]
    else:
        start = len(data) // page // 2 * page if where == "middle" else len(data) - 2 * page
        data[start : start + 4 * page] = b"\xa5" * len(data[start : start + 4 * page])
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("where", ["middle", "end", "cut"])
def test_the_artworks_a_damaged_library_still_gives_are_read_back_into_the_new_one(
    tmp_path: Path, where: str
) -> None:
    """A library damaged in part (a few pages a disk or a sync spoilt, or the file cut
    short): before, it was moved aside whole and a new, empty library started, every
    artwork's prompt, title, star and link gone with the pages that were fine. Now the
    artworks that still read are in the new library, under their own ids, and the file
    kept aside is left as it was found. A damaged last page ends the read too: the ids
    past it were read on for ever, and the app never opened."""
    path = tmp_path / "library.sqlite3"
    made = made_library(path)
    ledger = Ledger.open(path)
    ledger.note(made[7].id, title="Fox at dawn", starred=True)
    ledger.close()
    data = spoilt(path, where)

    reopened = Ledger.open(path)
    try:
        assert reopened.recovered_from is not None
        assert reopened.recovered_from.read_bytes() == data
        kept = {job.id: job for job in reopened.search("")}
        assert 100 < len(kept) < 400
        assert reopened.salvaged == Salvaged(len(kept), lost_some=True)
        for job in kept.values():
            assert job == made[job.id - 1] or job.id == made[7].id
        assert (kept[made[7].id].title, kept[made[7].id].starred) == ("Fox at dawn", True)
        assert reopened.count() == len(kept)
        assert reopened.integrity_ok()
        # No id the damaged library gave is given again: a lost artwork's may be in a
        # published manifest.
        assert reopened.create_upload(prompt="new", file_path="/a/new.png").id == 401
    finally:
        reopened.close()
    assert not list(tmp_path.glob(".salvage-*"))


def test_a_damaged_librarys_jobs_still_to_be_sent_are_not_read_back(tmp_path: Path) -> None:
    """The damaged file may be older than the library was (SQLite drops the commits after a
    damaged one): a job it shows queued may have been sent since. Read back, it was carried
    on, and sent and paid for again; it is left out, with the artworks kept."""
    path = tmp_path / "library.sqlite3"
    made = made_library(path, 200)
    ledger = Ledger.open(path)
    waiting = [ledger.create_job(GenerateRequest(f"waiting {n}")) for n in range(20)]
    sending = ledger.transition(waiting[0].id, JobState.SUBMITTING)
    ledger.close()
    spoilt(path, "middle")
    reopened = Ledger.open(path)
    try:
        states = {job.state for job in reopened.search("")}
        assert states == {JobState.COMPLETED}
        assert reopened.get(sending.id) is None
        assert 0 < reopened.salvaged.artworks < len(made)
    finally:
        reopened.close()


def test_a_failed_write_into_the_new_library_is_said_as_the_librarys_and_closes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up as the artworks are read back: a storage error in words, the new
    library's transaction undone, its connection closed; the damaged file kept aside."""
    path = tmp_path / "library.sqlite3"
    made_library(path, 50)
    spoilt(path, "middle")

    def full(*_: Any) -> int:
        raise FreshLibraryError(sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(salvage_module, "_inserted", full)
    with pytest.raises(StorageError) as raised:
        Ledger.open(path)
    assert "disk is full" in explain(raised.value).message
    assert list(tmp_path.glob("library.sqlite3.damaged-*"))


def test_a_library_damaged_beyond_reading_starts_empty_and_says_nothing_was_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    ledger = Ledger.open(path)
    try:
        assert (ledger.count(), ledger.salvaged) == (0, Salvaged(0, lost_some=True))
    finally:
        ledger.close()


def test_a_library_file_emptied_is_told_as_damaged_not_opened_as_a_new_one(
    tmp_path: Path,
) -> None:
    """A library file of 0 bytes (a sync or a copy gone wrong): SQLite took it for a new
    library, and the artist found every artwork gone with nothing said. It is now moved
    aside as a damaged one is, and the start says so (``recovered_from``)."""
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"")
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    ledger = Ledger.open(path)
    try:
        assert ledger.recovered_from is not None
        assert ledger.recovered_from.read_bytes() == b""
        assert ledger.count() == 0 and ledger.integrity_ok()
    finally:
        ledger.close()


def test_a_library_file_being_made_elsewhere_is_not_taken_for_an_emptied_one(
    tmp_path: Path,
) -> None:
    """Another Kontext Studio made the file a moment ago and has not written it yet: 0 bytes,
    just now. It is opened as the new library it is, nothing moved aside."""
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"")
    ledger = Ledger.open(path)
    try:
        assert ledger.recovered_from is None
    finally:
        ledger.close()
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_damaged_library_that_cannot_be_moved_aside_is_said_so_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its folder on a read-only disk: the move's own error reached the artist as
    "Something went wrong"."""
    path = tmp_path / "library.sqlite3"
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(damaged)

    def refused(source: str, target: str) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("shutil.move", refused)
    with pytest.raises(StorageError) as raised:
        Ledger.open(path)
    words = explain(raised.value).message
    assert f"the library {path} is damaged" in words
    assert f"cannot use the folder {tmp_path}: the disk it is on is read-only" in words
    assert path.read_bytes() == damaged
    assert not list(tmp_path.glob("*.damaged-*"))


def test_two_opening_a_damaged_library_at_once_keep_it_and_share_the_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands run side by side (a batch script) find the library damaged at once. The
    one that moves it aside second found the fresh library the first began in its place:
    it moved that aside too, over the damaged one (same second, same name), which was gone
    for good, and the first went on writing into a file the app no longer reads."""
    path = tmp_path / "library.sqlite3"
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(damaged)
    real_is_damage = ledger_module._is_damage
    first: list[Ledger] = []
    found: list[BaseException] = []

    def the_other_first(error: BaseException) -> bool:
        found.append(error)
        if len(found) == 1:  # the other command, which found it damaged too, moves it first
            first.append(Ledger.open(path))
        return real_is_damage(error)

    monkeypatch.setattr(ledger_module, "_is_damage", the_other_first)
    second = Ledger.open(path)
    try:
        kept = tmp_path.glob("library.sqlite3.damaged-*")
        assert [p.read_bytes() for p in kept if not p.name.endswith(("-wal", "-shm"))] == [damaged]
        first[0].create_upload(prompt="written by the first")
        assert [job.prompt for job in second.search("")] == ["written by the first"]
    finally:
        second.close()
        first[0].close()


def test_transitions_follow_the_state_machine(tmp_path):
    ledger = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a fox").validated())
    with pytest.raises(IllegalTransition):
        ledger.transition(job.id, JobState.COMPLETED)
    ledger.transition(job.id, JobState.SUBMITTING)
    moved = ledger.transition(job.id, JobState.GENERATING, task_id="t1")
    assert (moved.state, moved.task_id) == (JobState.GENERATING, "t1")
    with pytest.raises(IllegalTransition):
        ledger.transition(job.id, JobState.QUEUED)  # a created task is never re-sent
    ledger.close()


@pytest.mark.parametrize("ended", [JobState.FAILED, JobState.CANCELLED, JobState.TIMEOUT])
def test_a_finished_image_is_never_marked_failed_cancelled_or_timed_out(tmp_path, ended):
    """Failure, cancel and timeout end a running job only: a late write of one (a command's
    cancel, a poll's timeout) must not show an artwork whose image is on disk as lost."""
    ledger = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a fox").validated())
    for state in (JobState.SUBMITTING, JobState.GENERATING, JobState.DOWNLOADING):
        ledger.transition(job.id, state)
    ledger.transition(job.id, JobState.COMPLETED)
    with pytest.raises(IllegalTransition):
        ledger.transition(job.id, ended)
    assert ledger.get(job.id).state is JobState.COMPLETED
    ledger.close()


def test_a_timed_out_job_is_checked_again_never_queued_to_be_sent_again(tmp_path):
    """KIE made (and charged) the task of a timed-out job: only following it is allowed,
    never a new send of the job."""
    ledger = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a fox").validated())
    ledger.transition(job.id, JobState.SUBMITTING)
    ledger.transition(job.id, JobState.GENERATING, task_id="t1")
    ledger.transition(job.id, JobState.TIMEOUT)
    with pytest.raises(IllegalTransition):
        ledger.transition(job.id, JobState.QUEUED)
    assert ledger.transition(job.id, JobState.GENERATING).task_id == "t1"
    ledger.close()


def test_a_move_expecting_the_state_read_leaves_a_row_changed_or_deleted_meanwhile(tmp_path):
    ledger = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a fox").validated())
    ledger.transition(job.id, JobState.UPLOADING)
    ledger.transition(job.id, JobState.CANCELLED, error_message="stopped")
    with pytest.raises(JobChanged) as refused:
        ledger.transition(job.id, JobState.QUEUED, expect={JobState.UPLOADING})
    assert refused.value.current is not None
    assert refused.value.current.state is JobState.CANCELLED
    assert ledger.get(job.id).state is JobState.CANCELLED
    with pytest.raises(JobChanged):
        ledger.note(job.id, expect={JobState.UPLOADING}, error_message="held up")
    assert ledger.get(job.id).error_message == "stopped"
    ledger.delete(job.id)
    with pytest.raises(JobChanged) as gone:
        ledger.transition(job.id, JobState.QUEUED, expect={JobState.CANCELLED})
    assert gone.value.current is None
    ledger.close()


def test_a_move_expecting_values_read_leaves_a_row_moved_on_and_back_meanwhile(tmp_path):
    """Cancelled and queued again meanwhile, the row is in the state read once more: only
    a column the other process moved on (its send count) tells."""
    ledger = open_ledger(tmp_path)
    other = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a fox").validated())
    other.transition(job.id, JobState.CANCELLED)
    other.transition(job.id, JobState.QUEUED)
    other.transition(job.id, JobState.SUBMITTING, submit_count=1)
    other.transition(job.id, JobState.QUEUED)
    with pytest.raises(JobChanged):
        ledger.transition(
            job.id,
            JobState.SUBMITTING,
            expect={JobState.QUEUED},
            expect_values={"submit_count": 0},
            submit_count=1,
        )
    moved = ledger.transition(
        job.id, JobState.SUBMITTING, expect_values={"submit_count": 1}, submit_count=2
    )
    assert (moved.state, moved.submit_count) == (JobState.SUBMITTING, 2)
    other.close()
    ledger.close()


def test_a_job_changed_meanwhile_is_said_in_words() -> None:
    """Before: "Something went wrong. (job 5 is deleted now)", the state's name in English."""
    words = explain(JobChanged(5, None))
    assert words.message == (
        "Nothing was done. Cause: job 5 was cancelled, deleted or carried on elsewhere meanwhile."
    )
    assert words.hint == "Look at it in the library; try again if it is still wanted."


def test_search_matches_prompt_title_and_tags_newest_first(tmp_path):
    ledger = open_ledger(tmp_path)
    fox = ledger.create_job(GenerateRequest("a red fox").validated())
    owl = ledger.create_job(GenerateRequest("an owl").validated(), title="Night FOX study")
    ledger.create_upload(
        file_path=library_image("x.png"), sha256="s", title="tree", tags="forest, fox"
    )
    ledger.update(fox.id, starred=True)
    assert [s.id for s in ledger.search("fox")][1:] == [owl.id, fox.id]
    assert [s.id for s in ledger.search("fox", starred=True)] == [fox.id]
    assert [s.id for s in ledger.search(states=[JobState.COMPLETED])] != []
    ledger.close()


def test_a_row_naming_a_relative_path_is_read_as_naming_no_file(tmp_path, monkeypatch):
    """Another program (or an old version) wrote "b.png", no folder: read as it is, every
    use of the path found the file of that name in the app's current folder, a stranger's.
    The row is read as naming no file, wherever it is read from; a whole path as it is."""
    (tmp_path / "b.png").write_bytes(b"the artist's own")
    monkeypatch.chdir(tmp_path)
    ledger = open_ledger(tmp_path)
    whole = str(tmp_path / "a.png")
    named = ledger.create_upload(file_path=whole, sha256="a", title="kept")
    stray = ledger.create_upload(file_path=str(tmp_path / "c.png"), sha256="b", title="stray")
    with contextlib.closing(sqlite3.connect(ledger.path)) as conn, conn:
        conn.execute("UPDATE artwork SET file_path = 'b.png' WHERE id = ?", (stray.id,))
    got = ledger.get(stray.id)
    assert got is not None and got.file_path == ""
    assert {s.id: s.file_path for s in ledger.search()} == {named.id: whole, stray.id: ""}
    assert ledger.get_many([stray.id])[stray.id].file_path == ""
    assert ledger.update(stray.id, title="renamed").file_path == ""
    assert (tmp_path / "b.png").read_bytes() == b"the artist's own"
    ledger.close()


def test_a_relative_path_is_refused_as_it_is_written(tmp_path):
    """A write naming an image "b.png", no folder, was taken, and read back as naming no
    file: the artwork lost its image as it was written. Refused, in a new row and a change
    alike, nothing written; the row keeps the image it had."""
    ledger = open_ledger(tmp_path)
    whole = str(tmp_path / "a.png")
    kept = ledger.create_upload(file_path=whole, sha256="a", title="kept")
    with pytest.raises(RelativeFilePathError):
        ledger.create_upload(file_path="b.png", sha256="b", title="refused")
    with pytest.raises(RelativeFilePathError) as refused:
        ledger.update(kept.id, file_path="b.png", title="renamed")
    assert [(s.title, s.file_path) for s in ledger.search()] == [("kept", whole)]
    ledger.close()
    # Said as the library's other errors are, wherever it reaches (the window, a command),
    # not as "Something went wrong" of a bare ValueError.
    assert isinstance(refused.value, KontextError)
    assert explain(refused.value).message == (
        "The library was left as it was: an image was named without the folders it is in. "
        "Cause: b.png is not a whole path, from the top of a disk."
    )


def test_a_row_another_program_named_by_a_relative_path_is_brought_back_as_it_was(tmp_path):
    """Another program's row named its image "b.png", no folder (read as naming no file),
    and was deleted here; Undo writes the row back as the library held it, path and all.
    Refused as a new relative path is, the Undo ended in an error no one could put right,
    the artwork gone; it comes back, still naming no file, the other program's value kept."""
    ledger = open_ledger(tmp_path)
    stray = ledger.create_upload(file_path=str(tmp_path / "b.png"), sha256="b", title="stray")
    with contextlib.closing(sqlite3.connect(ledger.path)) as conn, conn:
        conn.execute("UPDATE artwork SET file_path = 'b.png' WHERE id = ?", (stray.id,))
    deleted = ledger.delete(stray.id)
    assert deleted is not None
    (back,) = ledger.bring_back([replace(deleted, file_path="b.png")])
    assert (back.title, back.file_path) == ("stray", "")
    with contextlib.closing(sqlite3.connect(ledger.path)) as conn:
        stored = conn.execute("SELECT file_path FROM artwork WHERE id = ?", (back.id,)).fetchone()
    assert stored == ("b.png",)
    ledger.close()


@pytest.mark.parametrize("order", list(LibraryOrder))
def test_the_library_is_read_in_each_order_a_page_at_a_time(tmp_path, order):
    """Each Sort choice is the store's order, page after page from the last row's cursor,
    and the window's key for one artwork (:func:`order_key`) sorts as the SQL does: Name
    A→Z by title, else by prompt, whatever the case or accents; Starred first, newest
    first among each."""
    ledger = open_ledger(tmp_path)
    made = [
        ledger.create_upload(prompt="zebra at noon", title=""),
        ledger.create_upload(prompt="ignored prompt", title="Éclair"),
        ledger.create_upload(prompt="apple\nsecond line", title=""),
        ledger.create_upload(prompt="a", title="banana"),
        ledger.create_upload(prompt="eclair", title=""),
        ledger.create_upload(prompt="Apple", title=""),
    ]
    ledger.update(made[1].id, starred=True)
    ledger.update(made[4].id, starred=True)
    rows = ledger.search(order=order)
    assert sorted(rows, key=lambda row: order_key(order, row)) == rows
    expected = {
        LibraryOrder.NEWEST: [6, 5, 4, 3, 2, 1],
        LibraryOrder.OLDEST: [1, 2, 3, 4, 5, 6],
        LibraryOrder.NAME: [6, 3, 4, 2, 5, 1],
        LibraryOrder.STARRED: [5, 2, 6, 4, 3, 1],
    }[order]
    assert [row.id for row in rows] == [made[n - 1].id for n in expected]

    paged: list[Snapshot] = []
    while page := ledger.search(
        order=order, limit=2, before=cursor_of(order, paged[-1]) if paged else None
    ):
        paged.extend(page)
    assert [row.id for row in paged] == [row.id for row in rows]
    ledger.close()


@pytest.mark.parametrize("order", list(LibraryOrder))
def test_pages_of_rows_that_tie_skip_none_and_repeat_none(tmp_path, order):
    """Rows made in the same instant, or named alike whatever the case or accents, and
    starred alike: read a page at a time, under a search too, each row comes once, in
    the order of the whole read."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    names = ["Same", "same", "SÂME", "other"]
    for n in range(120):
        ledger.create_upload(prompt=f"fox {n}", title=names[n % 4])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE artwork SET created_at = id % 3, starred = id % 2")
    for text in ("", "fox"):
        whole = [row.id for row in ledger.search(text, order=order)]
        assert len(whole) == 120
        paged: list[Snapshot] = []
        while page := ledger.search(
            text, order=order, limit=7, before=cursor_of(order, paged[-1]) if paged else None
        ):
            paged.extend(page)
        assert [row.id for row in paged] == whole
        assert sorted(paged, key=lambda row: order_key(order, row)) == paged
    ledger.close()


def test_search_words_with_percent_and_underscore_match_themselves(tmp_path):
    ledger = open_ledger(tmp_path)
    ledger.create_job(GenerateRequest("a cat").validated())
    sale = ledger.create_job(GenerateRequest("50% off_sale poster").validated())
    assert [s.id for s in ledger.search("%")] == [sale.id]
    assert [s.id for s in ledger.search("a_c")] == []
    assert [s.id for s in ledger.search("off_s")] == [sale.id]
    ledger.close()


def test_search_folds_case_and_accents_in_every_script(tmp_path):
    ledger = open_ledger(tmp_path)
    uber = ledger.create_job(GenerateRequest("Über den Wolken").validated())
    cafe = ledger.create_job(GenerateRequest("a small café").validated(), title="Café")
    street = ledger.create_job(GenerateRequest("die Straße bei Nacht").validated())
    greek = ledger.create_job(GenerateRequest("ΣΟΦΊΑ στο φως").validated())
    ledger.create_job(GenerateRequest("a plain cat").validated())

    def found(text: str) -> set[int]:
        return {s.id for s in ledger.search(text)}

    assert found("über") == found("ÜBER") == found("uber") == {uber.id}
    assert found("CAFÉ") == found("cafe") == {cafe.id}
    assert found("STRASSE") == found("straße") == {street.id}
    assert found("σοφια") == {greek.id}
    ledger.close()


def test_search_finds_every_word_each_in_any_field(tmp_path):
    ledger = open_ledger(tmp_path)
    quoted = ledger.create_job(GenerateRequest('a "quoted" cat').validated())
    fox = ledger.create_job(GenerateRequest("a red fox at dawn").validated(), title="Morning")
    tagged = ledger.create_upload(
        file_path=library_image("owl-file.png"), sha256="s", title="Owl", tags="night, snow"
    )
    ledger.create_job(GenerateRequest("a cat at night").validated())

    def found(text: str) -> set[int]:
        return {s.id for s in ledger.search(text)}

    assert found("quoted cat") == found('"quoted" CAT') == {quoted.id}
    assert found("fox dawn") == found("  dawn\tfox  ") == found("morning fox") == {fox.id}
    assert found("owl snow night") == {tagged.id}  # title and tags
    assert found("fox owl") == found("cat dog") == set()
    assert found("owl-file.png") == set()  # words meet across prompt, title and tags only
    ledger.close()


def test_search_takes_words_in_quotes_together(tmp_path):
    """Typed as in a web search, "red fox" in quotes found nothing: the quotes were taken as
    part of the words ('"red' and 'fox"'), which no prompt held. In straight or curly quotes
    (an input method's), the words are found side by side, in that order; a quote not closed
    yet (still typing) takes the rest."""
    ledger = open_ledger(tmp_path)
    fox = ledger.create_job(GenerateRequest("a red fox at dawn").validated())
    apart = ledger.create_job(GenerateRequest("a fox under a red sky").validated())
    tagged = ledger.create_upload(
        file_path=library_image("x.png"), sha256="s", title="sketch", tags="Red Fox"
    )
    castle = ledger.create_job(GenerateRequest("a castle on a cliff, at sunset").validated())

    def found(text: str) -> set[int]:
        return {s.id for s in ledger.search(text)}

    assert found("red fox") == {fox.id, apart.id, tagged.id}
    assert found('"red fox"') == found("“Red  fox”") == found('"red fox') == {fox.id, tagged.id}
    assert found('"red fox" dawn') == found('dawn "red fox"') == {fox.id}
    assert found('"fox red"') == set()
    assert found('"cliff, at sunset"') == {castle.id}
    ledger.close()


def test_search_finds_a_right_to_left_title_copied_from_its_heading(tmp_path):
    """The preview's heading and the full view's title isolate a Hebrew or Arabic title
    (U+2068 … U+2069, invisible), and a selection of it copied them: pasted into the search,
    "\u2068שלום עולם\u2069" found nothing. A query's direction controls are left out."""
    ledger = open_ledger(tmp_path)
    hebrew = ledger.create_job(GenerateRequest("a quiet sea").validated(), title="שלום עולם")
    ledger.create_job(GenerateRequest("a cat").validated())

    def found(text: str) -> set[int]:
        return {s.id for s in ledger.search(text)}

    copied = "\u2068שלום עולם\u2069"
    assert found(copied) == found(f'"{copied}"') == found("\u2067עולם\u202c") == {hebrew.id}
    ledger.close()


OVERRIDDEN = "a red \u202efox\u202c"
"""A title with a right-to-left override between two of its words, closed."""


def test_words_in_quotes_find_a_title_holding_a_direction_control_between_them(tmp_path):
    """The query's direction controls are left out; the title's were kept in the text
    searched, and '"red fox"' found no "a red \u202efox\u202c". Words without quotes did."""
    ledger = open_ledger(tmp_path)
    titled = ledger.create_job(GenerateRequest("a quiet sea").validated(), title=OVERRIDDEN)
    hebrew = ledger.create_job(GenerateRequest("a cat").validated(), title="שועל \u200fאדום")

    def found(text: str) -> set[int]:
        return {s.id for s in ledger.search(text)}

    assert found('"red fox"') == found(f'"{OVERRIDDEN}"') == found("red fox") == {titled.id}
    assert found('"שועל אדום"') == {hebrew.id}
    ledger.close()


def test_a_library_of_schema_22_finds_its_titles_with_direction_controls_by_words_in_quotes(
    tmp_path: Path,
) -> None:
    """Schema 22 kept the fields' direction controls in the search text stored: opened,
    the library finds such a title by words in quotes, as it finds new ones."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    titled = ledger.create_job(GenerateRequest("a quiet sea").validated(), title=OVERRIDDEN)
    ledger.create_job(GenerateRequest("a cat").validated())
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "UPDATE artwork SET search_text = ? WHERE id = ?",
            (f"a quiet sea\n{OVERRIDDEN}\n", titled.id),
        )
        conn.execute("PRAGMA user_version = 22")
    ledger = Ledger.open(path)
    try:
        assert {s.id for s in ledger.search('"red fox"')} == {titled.id}
    finally:
        ledger.close()


def test_a_library_of_schema_22_with_a_search_text_that_is_not_utf_8_opens(
    tmp_path: Path,
) -> None:
    """A search text edited by hand, not UTF-8, kept the library from opening: the upgrade
    looked for direction controls in it."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    ledger.create_job(GenerateRequest("a quiet sea").validated(), title=OVERRIDDEN)
    ledger.close()
    _back_to_schema(path, 22, "UPDATE artwork SET search_text = CAST(X'ffe280ae' AS TEXT)")
    ledger = Ledger.open(path)
    try:
        assert [s.title for s in ledger.search('"red fox"')] == [OVERRIDDEN]
    finally:
        ledger.close()


def test_search_takes_words_in_corner_brackets_and_full_width_quotes_together(tmp_path):
    """Chinese typed in Taiwan or Hong Kong, and Japanese, quote with corner brackets
    (「红狐狸」), and an input method in full-width mode gives ＂: taken as letters of the
    words, they found nothing, while “红狐狸” found the artwork."""
    ledger = open_ledger(tmp_path)
    fox = ledger.create_job(GenerateRequest("a red fox at dawn, 红狐狸").validated())
    ledger.create_job(GenerateRequest("a fox under a red sky").validated())

    def found(text: str) -> set[int]:
        return {s.id for s in ledger.search(text)}

    assert found("「red fox」") == found("『red fox』") == found("＂red fox＂") == {fox.id}
    assert found("「红狐狸」") == found("“红狐狸”") == {fox.id}
    ledger.close()


def test_search_takes_words_in_quotes_together_across_line_breaks_and_wide_spaces(tmp_path):
    """A prompt written on several lines, or with two spaces, a tab, a non-breaking space
    (pasted from a web page) or an ideographic space (a Chinese input method's full-width
    space) between its words was not found by them in quotes: '"red fox"' looked for one
    plain space. The prompt is still kept, and shown, as it was written."""
    ledger = open_ledger(tmp_path)
    lines = ledger.create_job(GenerateRequest("a red\nfox at dawn").validated())
    spaced = ledger.create_job(GenerateRequest("a red  fox,\tin\r\nthe snow").validated())
    pasted = ledger.create_job(GenerateRequest("a red\u00a0fox").validated())
    ink = ledger.create_job(GenerateRequest("水墨\u3000山水，红\u3000狐狸").validated())
    tagged = ledger.create_upload(
        file_path=library_image("x.png"), sha256="s", title="sketch", tags="Red  Fox"
    )
    ledger.create_job(GenerateRequest("a fox under a red sky").validated())
    ledger.create_job(GenerateRequest("a red").validated(), title="fox")  # fields stay apart

    def found(text: str) -> set[int]:
        return {s.id for s in ledger.search(text)}

    red_fox = {lines.id, spaced.id, pasted.id, tagged.id}
    assert found('"red fox"') == found('"red\u3000fox"') == found("“red\u00a0fox”") == red_fox
    assert found('"fox, in the snow"') == {spaced.id}
    assert found('"水墨 山水"') == found("「水墨\u3000山水」") == found("“红 狐狸”") == {ink.id}
    assert ledger.count_matching('"red fox"') == len(red_fox)
    assert ledger.get(lines.id).prompt == "a red\nfox at dawn"
    assert ledger.get(spaced.id).prompt == "a red  fox,\tin\r\nthe snow"
    ledger.close()


def test_search_cuts_its_words_at_the_commas_tags_are_typed_with(tmp_path):
    """The tags field takes "风景，水墨" (an input method's comma, no space) as two tags; the
    search took it for one word and found nothing, nor for "landscape,ink" or "dawn,"."""
    ledger = open_ledger(tmp_path)
    ink = ledger.create_upload(
        file_path=library_image("x.png"), sha256="s", title="山", tags="风景, 水墨, 约稿"
    )
    fox = ledger.create_job(GenerateRequest("a red fox at dawn, in the snow").validated())
    ledger.create_job(GenerateRequest("a cat at night").validated())

    def found(text: str) -> set[int]:
        return {s.id for s in ledger.search(text)}

    assert found("风景，水墨") == found("水墨、约稿") == found("约稿；山") == {ink.id}
    assert found("fox,snow") == found("dawn,") == found("snow; fox") == {fox.id}
    assert found("fox，cat") == set()  # still every word
    ledger.close()


def test_search_text_the_artist_types_is_never_an_error(tmp_path):
    """Quotes, apostrophes, emoji, SQL's own characters and a whole pasted prompt are words
    like any other; a query of thousands of words stays one valid SQL statement."""
    ledger = open_ledger(tmp_path)
    odd = ledger.create_job(GenerateRequest("the artist's 🦊 \"den\" -- ; DROP'").validated())
    words = " ".join(f"w{i}" for i in range(2500))[:5000]
    long = ledger.create_job(GenerateRequest("x" * 4000).validated())
    for text, expected in [
        ("artist's", [odd.id]),
        ("🦊", [odd.id]),
        ('"den"', [odd.id]),
        ("-- ; drop'", [odd.id]),
        ("'", [odd.id]),
        ("x" * 4000, [long.id]),
        ("x" * 5000, []),
        (words, []),
    ]:
        assert [s.id for s in ledger.search(text)] == expected, text[:20]
    ledger.close()


def test_search_finds_rows_other_programs_wrote_by_their_current_words(tmp_path):
    """A row inserted or renamed by another program (a database browser, an older Kontext
    Studio still open) has no folded text or an outdated one: it is found all the same."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox").validated())
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO artwork (source, request_json, prompt, model, ratio, state, created_at,"
            " updated_at, submit_count, poll_count, error_kind, error_message, error_words,"
            " input_image_url, result_url, origin_url, file_path, sha256, title, description,"
            " tags, starred, published_key, published_url) VALUES ('uploaded', '{}', 'Ünder"
            " the sea', '', '', 'completed', 1, 1, 0, 0, '', '', '', '', '', '', 'u.png', '',"
            " '', '', '', 0, '', '')"
        )
        conn.execute("UPDATE artwork SET title = 'Renamed Élan' WHERE id = ?", (job.id,))
    assert [s.prompt for s in ledger.search("under SEA")] == ["Ünder the sea"]
    assert [s.id for s in ledger.search("elan fox")] == [job.id]
    ledger.update(job.id, title="Heron")
    assert ledger.search("elan") == []
    assert [s.id for s in ledger.search("heron")] == [job.id]
    ledger.close()


def test_a_rename_that_folds_the_same_keeps_the_folded_text(tmp_path):
    """Searching a row without its folded text folds it on the fly, far slower: the ledger's
    own writes must never leave one without (the trigger fires on "Fox" -> "fox" too)."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a heron").validated(), title="Fox")
    ledger.update(job.id, title="fox")
    ledger.update(job.id, tags="Café")
    ledger.update(job.id, tags="cafe")
    with sqlite3.connect(path) as conn:
        kept = conn.execute("SELECT search_text FROM artwork WHERE id = ?", (job.id,)).fetchone()
    assert kept[0] == search_text("a heron", "fox", "cafe", "")
    ledger.close()


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        ("UPDATE artwork SET state = 'bogus'", "artwork 1 has a state"),
        ("UPDATE artwork SET prompt = CAST(X'ff' AS TEXT)", "could not be read"),
        # Not description: SQLite drops no column a trigger names (the search text's).
        ("ALTER TABLE artwork DROP COLUMN origin_url", "no such column"),
    ],
)
def test_a_library_edited_by_hand_is_a_read_error_in_words(tmp_path, edit, words):
    """Rows or tables changed outside the app: the read fails as a typed error with its
    reason, which the window and the CLI put in one line, never a ValueError traceback."""
    path = tmp_path / "library.sqlite3"
    Ledger.open(path).close()
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox").validated())
    ledger.close()
    with sqlite3.connect(path) as conn:
        conn.execute(edit)
    ledger = Ledger.open(path)
    try:
        for read in (ledger.search, lambda: ledger.get(job.id)):
            with pytest.raises(LibraryReadError, match=words) as raised:
                read()
            assert explain(raised.value).message.startswith("The library could not be read.")
    finally:
        ledger.close()


def test_request_round_trips_through_the_row(tmp_path):
    ledger = open_ledger(tmp_path)
    request = GenerateRequest("山水画", model="max", aspect_ratio="9:16").validated()
    job = ledger.create_job(request)
    ledger.close()
    reopened = open_ledger(tmp_path)
    assert reopened.get(job.id).request == request
    reopened.close()


def test_only_the_rows_that_decide_a_paid_request_wait_for_the_disk(tmp_path: Path) -> None:
    """``submitting`` (before generate is sent) and ``generating`` (the task id) are committed
    with synchronous=FULL; the other writes keep WAL's crash-safe NORMAL and skip the fsync."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        statements: list[str] = []
        ledger._db.connection().set_trace_callback(statements.append)

        def synced_while(write) -> bool:  # type: ignore[no-untyped-def]
            statements.clear()
            write()
            level = "NORMAL"
            for sql in statements:
                if sql.startswith("PRAGMA synchronous"):
                    level = sql.rsplit(" ", 1)[-1]
                elif sql.startswith("COMMIT"):
                    return level == "FULL"
            raise AssertionError(f"no commit in {statements}")

        job = ledger.create_job(GenerateRequest("a fox"))
        assert not synced_while(lambda: ledger.update(job.id, title="fox"))
        assert synced_while(lambda: ledger.transition(job.id, JobState.SUBMITTING))
        assert synced_while(lambda: ledger.transition(job.id, JobState.GENERATING, task_id="t1"))
        assert not synced_while(lambda: ledger.transition(job.id, JobState.DOWNLOADING))
        assert not synced_while(lambda: ledger.transition(job.id, JobState.COMPLETED))
        mode = ledger._db.execute_sql("PRAGMA synchronous").fetchone()[0]
        assert mode == 1  # NORMAL again after the synced writes
    finally:
        ledger.close()


def test_a_removed_row_is_synced_to_disk_before_its_image_can_go(tmp_path: Path) -> None:
    """A Delete removes an artwork's row, then its image. Committed with WAL's NORMAL, the
    removal could be lost to a power cut after the image was gone: the artwork came back,
    said to be missing its file. The removal is committed with synchronous=FULL."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox"))
        statements: list[str] = []
        ledger._db.connection().set_trace_callback(statements.append)
        assert ledger.delete(job.id) is not None
        ledger._db.connection().set_trace_callback(None)
        commit = next(i for i, sql in enumerate(statements) if sql.startswith("COMMIT"))
        levels = [sql for sql in statements[:commit] if sql.startswith("PRAGMA synchronous")]
        assert levels[-1:] == ["PRAGMA synchronous = FULL"]
        assert ledger._db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL again
    finally:
        ledger.close()


def test_a_late_task_s_own_artwork_is_written_once_per_task_and_synced(tmp_path: Path) -> None:
    """The artwork made for a task another job could not keep follows it from ``generating``,
    committed with synchronous=FULL as a task id is; a second write of the same task (in the
    same mode) returns that row and adds none: one task, one artwork."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        request = GenerateRequest("a fox", model="max", aspect_ratio="9:16").validated()
        job = ledger.create_job(request, title="Fox")
        job = ledger.update(job.id, input_image_url="https://files.example/ref.png")
        statements: list[str] = []
        ledger._db.connection().set_trace_callback(statements.append)
        made, added = ledger.create_following(job, "task-9", title="Fox")
        ledger._db.connection().set_trace_callback(None)
        assert added and "PRAGMA synchronous = FULL" in statements
        assert (made.state, made.task_id, made.submit_count) == (JobState.GENERATING, "task-9", 1)
        assert (made.request, made.title, made.description) == (request, "Fox", "")
        assert made.made_for_job == job.id
        assert made.input_image_url == job.input_image_url and made.id != job.id
        assert ledger.get(made.id) == made
        assert ledger.create_following(job, "task-9") == (made, False)
        demo = replace(job, simulated=True)  # the simulator's task of that name is another
        other, added_demo = ledger.create_following(demo, "task-9")
        assert added_demo and other.simulated and ledger.count() == 3
    finally:
        ledger.close()


def test_a_late_task_s_own_artwork_keeps_the_place_of_the_job_it_was_kept_for(
    tmp_path: Path,
) -> None:
    """A late task kept for the second of four jobs of one generate is an extra image of that
    place: it keeps "2 of 4" (its caption says it is an extra), not none, nor a fifth place
    of four. One kept for a job made alone has no place either."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        request = GenerateRequest("a fox").validated()
        second = ledger.create_job(request, batch=(2, 4))
        alone = ledger.create_job(request)
        made, _ = ledger.create_following(second, "task-9")
        assert (made.batch_place, made.batch_size) == (2, 4)
        assert ledger.get(made.id) == made
        lone, _ = ledger.create_following(alone, "task-10")
        assert (lone.batch_place, lone.batch_size) == (0, 0)
    finally:
        ledger.close()


def test_a_library_of_schema_10_gains_the_column_naming_a_late_task_s_job(tmp_path: Path) -> None:
    """A schema 10 file has no ``made_for_job``: opened, it gains it, every row kept and
    naming no job; an artwork made for a late task then names its job."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox"), title="Fox")
    ledger.close()
    _back_to_schema(
        path,
        10,
        "DROP INDEX artwork_made_for_job",  # of schema 12
        "ALTER TABLE artwork DROP COLUMN made_for_job",
    )
    ledger = Ledger.open(path)
    try:
        assert ledger.get(job.id) == job and job.made_for_job is None
        made, _ = ledger.create_following(job, "task-9")
        assert ledger.get(made.id).made_for_job == job.id
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_library_of_schema_12_gains_the_column_a_delete_notes_its_trash_in(
    tmp_path: Path,
) -> None:
    """A schema 12 file has no ``trashed_at``: opened, it gains it, every row kept and
    noting none; a Delete's note is then kept."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox"), title="Fox")
    ledger.close()
    _back_to_schema(path, 12, "ALTER TABLE artwork DROP COLUMN trashed_at")
    ledger = Ledger.open(path)
    try:
        assert ledger.get(job.id) == job and job.trashed_at is None
        assert ledger.note(job.id, trashed_at=1234.5).trashed_at == 1234.5
        assert ledger.get(job.id).trashed_at == 1234.5  # type: ignore[union-attr]
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_library_of_schema_11_from_before_the_places_of_a_generate_opens_in_its_order(
    tmp_path: Path,
) -> None:
    """A file of schema 13 or before has no ``batch_place``: its upgrade made the indexes of
    the Sort (which now name the place) before _v14 added it, and the library would not open
    ("no such column: batch_place"). Opened, it lists its artworks newest first, with the
    same indexes as a library made now."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    older = ledger.create_job(GenerateRequest("a fox"), created_at=100.0)
    newer = ledger.create_job(GenerateRequest("an owl"), created_at=200.0)
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        placed = [
            f"DROP INDEX {name}"
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%batch_place%'"
            )
        ]
    _back_to_schema(
        path,
        11,
        *placed,
        "DROP INDEX artwork_made_for_job",  # of schema 12
        "ALTER TABLE artwork DROP COLUMN batch_place",  # of schema 14
        "ALTER TABLE artwork DROP COLUMN batch_size",
    )
    ledger = Ledger.open(path)
    try:
        assert [row.prompt for row in ledger.search(order=LibraryOrder.NEWEST)] == [
            newer.prompt,
            older.prompt,
        ]
    finally:
        ledger.close()
    new = tmp_path / "new.sqlite3"
    Ledger.open(new).close()
    migrated, made_new = _schema(path), _schema(new)
    assert {k: v for k, v in migrated.items() if k != "artwork"} == {
        k: v for k, v in made_new.items() if k != "artwork"
    }


def test_a_library_of_schema_14_gains_the_columns_of_a_task_given_by_its_id(
    tmp_path: Path,
) -> None:
    """A schema 14 file has no ``task_given_at`` nor ``task_seconds``: opened, it gains
    them, every row kept, given no task and timed as before; a job given its task then
    keeps them, and its Duration is KIE's time on the task."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox"), title="Fox")
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.GENERATING, task_id="task-1", submitted_at=100.0)
    ledger.transition(job.id, JobState.DOWNLOADING)
    done = ledger.transition(job.id, JobState.COMPLETED, completed_at=112.5)
    ledger.close()
    _back_to_schema(
        path,
        14,
        "ALTER TABLE artwork DROP COLUMN task_given_at",
        "ALTER TABLE artwork DROP COLUMN task_seconds",
    )
    ledger = Ledger.open(path)
    try:
        kept = ledger.get(job.id)
        assert kept == done and (kept.task_given_at, kept.task_seconds) == (None, None)
        assert kept.duration_s == 12.5
        given = ledger.update(job.id, task_given_at=9000.0, task_seconds=7.25)
        assert (given.task_given_at, given.task_seconds, given.duration_s) == (9000.0, 7.25, 7.25)
        assert ledger.get(job.id) == given
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_library_of_schema_15_keeps_the_tasks_of_the_artworks_deleted_since(
    tmp_path: Path,
) -> None:
    """A schema 15 file forgets the task of an artwork deleted from it. Opened, it keeps
    those deleted since: by the ledger, or by another program's DELETE (a trigger keeps
    them), with the title shown and when; those deleted before it was opened are not
    known, nor is a task of the other mode."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    request = GenerateRequest("a fox in the snow\nat dusk")
    ids = []
    for task_id in ("task-old", "task-1", "task-2"):
        ids.append(_completed(ledger, request, task_id).id)
    ledger.update(ids[2], title="Fox")
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TRIGGER artwork_task_deleted")
        conn.execute("DROP TABLE deleted_task")
        conn.execute("PRAGMA user_version = 15")
        conn.execute("DELETE FROM artwork WHERE id = ?", (ids[0],))
    ledger = Ledger.open(path)
    try:
        before = time.time()
        assert ledger.delete(ids[1]) is not None
        with contextlib.closing(sqlite3.connect(path)) as conn, conn:
            conn.execute("DELETE FROM artwork WHERE id = ?", (ids[2],))
        assert ledger.deleted_task("task-old", simulated=False) is None
        first = ledger.deleted_task("task-1", simulated=False)
        assert first is not None
        assert (first.job_id, first.title) == (ids[1], "a fox in the snow\nat dusk")
        assert before - 1 <= first.deleted_at <= time.time() + 1
        second = ledger.deleted_task("task-2", simulated=False)
        assert second is not None and (second.job_id, second.title) == (ids[2], "Fox")
        assert ledger.deleted_task("task-1", simulated=True) is None
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _completed(ledger: Ledger, request: GenerateRequest, task_id: str) -> Snapshot:
    """A job of ``request`` that followed ``task_id`` and brought its image."""
    job = ledger.create_job(request)
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.GENERATING, task_id=task_id, submitted_at=1.0)
    ledger.transition(job.id, JobState.DOWNLOADING)
    return ledger.transition(
        job.id, JobState.COMPLETED, completed_at=2.0, file_path=library_image(f"{task_id}.png")
    )


def test_a_library_of_schema_16_forgets_the_tasks_of_jobs_deleted_before_their_image_came(
    tmp_path: Path,
) -> None:
    """Schema 16 kept the task of any row deleted, one whose image never came too (a job
    cancelled or failed while KIE worked): entered for a new job of its prompt, it was
    refused as "not taken again", the image paid for never to be had. Opened, the file
    keeps only the tasks of artworks whose image came into the library; those kept before
    stay."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    request = GenerateRequest("a fox in the snow")
    kept_before = _completed(ledger, request, "task-before")
    cancelled = ledger.create_job(request)
    ledger.transition(cancelled.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(cancelled.id, JobState.GENERATING, task_id="task-none", submitted_at=1.0)
    ledger.transition(cancelled.id, JobState.CANCELLED)
    done = _completed(ledger, request, "task-done")
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TRIGGER artwork_task_deleted")
        conn.execute(
            "CREATE TRIGGER artwork_task_deleted AFTER DELETE ON artwork"
            " WHEN old.task_id IS NOT NULL AND old.task_id != ''"
            " BEGIN INSERT OR REPLACE INTO deleted_task"
            " (task_id, simulated, job_id, title, deleted_at) VALUES (old.task_id,"
            " coalesce(old.simulated, 0), old.id, old.prompt,"
            " (julianday('now') - 2440587.5) * 86400.0); END"
        )
        conn.execute("PRAGMA user_version = 16")
        conn.execute("DELETE FROM artwork WHERE id = ?", (kept_before.id,))
    ledger = Ledger.open(path)
    try:
        assert ledger.delete(cancelled.id) is not None
        assert ledger.delete(done.id) is not None
        assert ledger.deleted_task("task-none", simulated=False) is None
        gone = ledger.deleted_task("task-done", simulated=False)
        assert gone is not None and gone.job_id == done.id
        before = ledger.deleted_task("task-before", simulated=False)
        assert before is not None and before.job_id == kept_before.id
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _schema_17_library(path: Path, prompts: list[str]) -> None:
    """A schema 17 file holding jobs of ``prompts``, their search text folded as schema 17
    folded it: the whitespace of the fields as typed (``lower`` folds these as it did)."""
    ledger = Ledger.open(path)
    with ledger.batch():
        for prompt in prompts:
            ledger.create_job(GenerateRequest(prompt))
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "UPDATE artwork SET search_text = lower(prompt || char(10) || title || char(10)"
            " || tags)"
        )
        conn.execute("PRAGMA user_version = 17")


def test_a_library_of_schema_17_finds_its_prompts_of_several_lines_by_words_in_quotes(
    tmp_path: Path,
) -> None:
    """The search text schema 17 stored kept the line breaks and runs of spaces of the
    prompts: opened, the library finds them by words in quotes, as it finds new ones, and
    every row keeps a search text (one without is folded on each search, far slower)."""
    path = tmp_path / "library.sqlite3"
    prompts = ["a red\nfox at dawn", "A Red  Fox", "水墨\u3000山水", "a red fox", "an owl"]
    _schema_17_library(path, prompts)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT search_text FROM artwork WHERE id = 1").fetchone() == (
            "a red\nfox at dawn\n\n",
        )
    ledger = Ledger.open(path)
    try:
        assert {s.id for s in ledger.search('"red fox"')} == {1, 2, 4}
        assert {s.id for s in ledger.search('"水墨 山水"')} == {3}
        assert [s.prompt for s in ledger.search("dawn")] == ["a red\nfox at dawn"]
        stored = ledger._db.execute_sql("SELECT search_text FROM artwork ORDER BY id").fetchall()
        assert stored == [(search_text(prompt, "", "", ""),) for prompt in prompts]
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


TRICKY_FIELDS = [
    "Café CRÈME brûlée",
    "ΣΟΦΊΑ σοφια ΌΣΟΣ",
    "Straße STRASSE ﬁne",
    "水墨\u3000山水，风景；「红狐狸」",
    "か が カ ガ ｶﾞ",
    "नमस्ते की",
    "\u0301 starts with a mark, e\u0301 \u1e09 ḉ",
    "a\x00b nul\x00 inside",
    "tabs\tand\nlines\r\n  and\xa0spaces",
    "😀 emoji ǅ ǲ Ǳ",
    "",
]


def _folded_as_before(text: str) -> str:
    """:func:`fold` as it was written before its marks were dropped by a pattern: a
    ``str.translate`` table of the Combining Diacritical Marks block."""
    if text.isascii():
        return text.lower()
    marks = dict.fromkeys(range(0x0300, 0x0370))
    bare = unicodedata.normalize("NFD", text).casefold().translate(marks)
    return unicodedata.normalize("NFC", bare)


@pytest.mark.parametrize("text", TRICKY_FIELDS)
def test_fold_drops_the_same_marks_as_before(text: str) -> None:
    """Folding each text the faster way finds what it found: a search text stored by an
    older version still matches the words of a query folded now."""
    assert fold(text) == _folded_as_before(text)


def test_a_library_of_schema_17_with_tricky_text_gets_each_row_s_search_text(
    tmp_path: Path,
) -> None:
    """The schema 18 upgrade folds a press's rows (one prompt, up to four images) once: the
    text stored for each row is still its own fields' search text, row by row, whatever
    they hold (accents, Chinese, a NUL, a field starting with a mark), and a title or tags
    given to one image of a press are its own."""
    path = tmp_path / "library.sqlite3"
    prompts = [field for field in TRICKY_FIELDS if field for _image in range(4)]
    _schema_17_library(path, prompts)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TRIGGER artwork_search_text_outdated")
        conn.execute("UPDATE artwork SET title = 'Ⓐ Title ' || id WHERE id % 4 = 2")
        conn.execute("UPDATE artwork SET tags = 'Fox, 风景，ÉTÉ' WHERE id % 4 = 3")
        conn.execute("UPDATE artwork SET description = ? WHERE id % 5 = 0", ("a\x00 Désc",))
        rows = conn.execute(
            "SELECT prompt, title, tags, description FROM artwork ORDER BY id"
        ).fetchall()
    ledger = Ledger.open(path)
    try:
        stored = ledger._db.execute_sql("SELECT search_text FROM artwork ORDER BY id").fetchall()
    finally:
        ledger.close()
    assert stored == [(search_text(*fields),) for fields in rows]


KILLED_IN_MIGRATION = """
import os
import sys
from pathlib import Path
from kontext_studio.store import ledger, schema
ledger._PRAGMAS = {**ledger._PRAGMAS, "cache_size": 10}  # changed pages go to the file
folded = schema.search_text
calls = 0

def fold_then_die(*fields):
    global calls
    calls += 1
    if calls == int(sys.argv[2]):
        os._exit(9)  # as a kill: no rollback, no close
    return folded(*fields)

schema.search_text = fold_then_die
ledger.Ledger.open(Path(sys.argv[1]))
"""


def test_a_library_of_schema_17_killed_while_it_is_upgraded_is_upgraded_at_the_next_start(
    tmp_path: Path,
) -> None:
    """The upgrade rewrites the search text of every row: killed half-way (the app closed
    from the task manager, the power cut), the file is the schema 17 one, every row as it
    was, and the next start upgrades it whole."""
    path = tmp_path / "library.sqlite3"
    prompts = [f"job {i}\n{'a red  fox ' * 20}" for i in range(2000)]
    _schema_17_library(path, prompts)
    before = _stored(path)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_IN_MIGRATION, str(path), "1500"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == 9, killed.stderr
    assert path.with_name(f"{path.name}-wal").stat().st_size > 100_000  # rows written
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 17
    assert _stored(path) == before
    ledger = Ledger.open(path)
    try:
        assert ledger.count_matching('"fox a red fox"') == len(prompts)
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_library_of_schema_18_gains_the_press_each_job_of_generate_was_written_by(
    tmp_path: Path,
) -> None:
    """A schema 18 file has no ``press``: opened, it gains it, every row kept and naming no
    press; a job written then keeps its press, and the jobs of one press are counted by it,
    not with those of another press alike."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    request = GenerateRequest("a fox in the snow")
    before = ledger.create_job(request, batch=(2, 2))
    ledger.close()
    _back_to_schema(path, 18, "ALTER TABLE artwork DROP COLUMN press")
    ledger = Ledger.open(path)
    try:
        assert ledger.get(before.id) == before and before.press == ""
        for press in ("first", "second", "second"):
            assert ledger.create_job(request, batch=(2, 2), press=press).press == press
        assert ledger.pressed_jobs("first", request.prompt, 2, 0.0) == 1
        assert ledger.pressed_jobs("second", request.prompt, 2, 0.0) == 2
        assert ledger.pressed_jobs("", request.prompt, 2, 0.0) == 1, "only the one before"
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_library_of_schema_19_gains_the_mark_each_unpublish_writes_anew(
    tmp_path: Path,
) -> None:
    """A schema 19 file has no ``unpublish_mark``: opened, it gains it, every row kept, an
    artwork an unpublish did not finish still "may be gone" and marked by none; a mark
    written then is kept."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox"), title="Fox")
    key = "artworks/" + "a" * 64 + ".png"
    gone = ledger.update(job.id, published_key=key, published_at=5.0, retired_key=key)
    ledger.close()
    _back_to_schema(path, 19, "ALTER TABLE artwork DROP COLUMN unpublish_mark")
    ledger = Ledger.open(path)
    try:
        assert ledger.get(job.id) == gone and gone.unpublish_mark == ""
        assert ledger.may_be_gone() == [job.id]
        assert ledger.note(job.id, unpublish_mark="m1").unpublish_mark == "m1"
        assert ledger.get(job.id).unpublish_mark == "m1"  # type: ignore[union-attr]
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_search_finds_a_word_only_in_a_description_and_follows_its_edits(tmp_path: Path) -> None:
    """The Upload tab and Edit details ask for a description, and a word only in it
    ("sunset") found nothing; a description changed or cleared is searched as it is now."""
    ledger = open_ledger(tmp_path)
    try:
        beach = ledger.create_upload(
            file_path=library_image("x.png"),
            sha256="s",
            title="Beach",
            description="A  Sunset over the Sea",
        )
        fox = ledger.create_job(GenerateRequest("a red fox").validated())
        assert [s.id for s in ledger.search("sunset")] == [beach.id]
        assert [s.id for s in ledger.search('"sunset over" beach')] == [beach.id]
        assert ledger.search('"sea beach"') == []  # never across two fields
        ledger.update(fox.id, description="山水，夕阳")
        ledger.update(beach.id, description="")
        assert [s.id for s in ledger.search("夕阳 fox")] == [fox.id]
        assert ledger.search("sunset") == [] and ledger.count_matching("sunset") == 0
    finally:
        ledger.close()


SCHEMA_21_SEARCH_TRIGGER = (
    "CREATE TRIGGER artwork_search_text_outdated AFTER UPDATE OF prompt, title, tags ON artwork"
    " WHEN new.search_text IS old.search_text AND (new.prompt IS NOT old.prompt"
    " OR new.title IS NOT old.title OR new.tags IS NOT old.tags)"
    " BEGIN UPDATE artwork SET search_text = NULL WHERE id = new.id; END"
)
"""The trigger as schema 21 made it: a description changed by another program kept it."""


def _schema_21_library(path: Path, fill: Callable[[Ledger], object]) -> list[tuple[int, str]]:
    """A schema 21 file holding the rows ``fill`` writes through today's ledger, their
    search text and its trigger as schema 21 made them (without the description); returns
    each row's id and search text."""
    ledger = Ledger.open(path)
    fill(ledger)
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TRIGGER artwork_search_text_outdated")
        conn.execute(SCHEMA_21_SEARCH_TRIGGER)
        rows = conn.execute("SELECT prompt, title, tags, id FROM artwork").fetchall()
        conn.executemany(
            "UPDATE artwork SET search_text = ? WHERE id = ?",
            [
                ("\n".join(fold(" ".join(field.split())) for field in fields), i)
                for *fields, i in rows
            ],
        )
        conn.execute("PRAGMA user_version = 21")
        return conn.execute("SELECT id, search_text FROM artwork ORDER BY id").fetchall()


def test_a_library_of_schema_29_gains_the_note_that_an_undo_left_an_image_in_the_trash(
    tmp_path: Path,
) -> None:
    """Schema 29 had no place for the note that an Undo of a Delete brought an artwork back
    without its image (the window kept it in memory, lost at a restart). Opened, the
    library keeps its rows, none of them noted, and keeps a note written since once closed
    and opened again."""
    path = tmp_path / "library.sqlite3"
    fox = _fox_at_schema(path, 29, "ALTER TABLE artwork DROP COLUMN image_left_in_trash")
    ledger = Ledger.open(path)
    try:
        assert ledger.get(fox).prompt == "a red fox"
        assert ledger.get(fox).image_left_in_trash is False
        ledger.note(fox, image_left_in_trash=True)
    finally:
        ledger.close()
    ledger = Ledger.open(path)
    try:
        assert ledger.get(fox).image_left_in_trash is True
    finally:
        ledger.close()


def test_a_library_of_schema_32_is_backed_up_and_keeps_a_failed_removal_from_the_bucket(
    tmp_path: Path,
) -> None:
    """Schema 32 had no place for the note that removing an artwork from the bucket failed
    (the window kept it in memory, lost at a restart). Opened, the library is backed up
    first, keeps its rows, none of them noted, and keeps a note written since once closed
    and opened again."""
    path = tmp_path / "library.sqlite3"
    fox = _fox_at_schema(path, 32, "ALTER TABLE artwork DROP COLUMN removal_failed")
    ledger = Ledger.open(path)
    try:
        assert ledger.get(fox).prompt == "a red fox"
        assert ledger.get(fox).removal_failed == ""
        ledger.note(fox, removal_failed="publish_auth")
    finally:
        ledger.close()
    _only_backup_is_of_schema(tmp_path, 32)
    ledger = Ledger.open(path)
    try:
        assert ledger.get(fox).removal_failed == "publish_auth"
    finally:
        ledger.close()


def test_a_library_of_schema_33_is_backed_up_and_keeps_the_back_off_of_a_refused_link(
    tmp_path: Path,
) -> None:
    """Schema 33 had no place for how long the automatic tries of a refused result link
    wait after KIE's rate limit (the engine kept it in memory: a restart went back to 10
    minutes). Opened, the library is backed up first, keeps its rows, none held back, and
    keeps a back-off written since once closed and opened again."""
    path = tmp_path / "library.sqlite3"
    fox = _fox_at_schema(
        path,
        33,
        "ALTER TABLE artwork DROP COLUMN link_backoff_s",
        "ALTER TABLE artwork DROP COLUMN link_try_at",
    )
    ledger = Ledger.open(path)
    try:
        assert ledger.get(fox).prompt == "a red fox"
        assert (ledger.get(fox).link_backoff_s, ledger.get(fox).link_try_at) == (0.0, None)
        ledger.note(fox, link_backoff_s=2400.0, link_try_at=1_900_000_000.0)
    finally:
        ledger.close()
    _only_backup_is_of_schema(tmp_path, 33)
    ledger = Ledger.open(path)
    try:
        assert (ledger.get(fox).link_backoff_s, ledger.get(fox).link_try_at) == (
            2400.0,
            1_900_000_000.0,
        )
    finally:
        ledger.close()


def test_a_library_of_schema_34_is_backed_up_and_counts_the_writes_of_each_row_from_then_on(
    tmp_path: Path,
) -> None:
    """Schema 34 told two copies of a row apart by ``updated_at`` alone, which a note leaves
    as it was. Opened, the library is backed up first, keeps its rows, and from then on
    counts every write of a row, a note's too: a copy read before a note is older than
    the copy the note wrote, after a restart as well."""
    path = tmp_path / "library.sqlite3"
    fox = _fox_at_schema(path, 34, "ALTER TABLE artwork DROP COLUMN revision")
    ledger = Ledger.open(path)
    try:
        read_before = ledger.get(fox)
        assert (read_before.prompt, read_before.revision) == ("a red fox", 0)
        noted = ledger.note(fox, link_backoff_s=2400.0)
        assert noted.updated_at == read_before.updated_at  # a note leaves it as it was
        assert read_before.older_than(noted) and not noted.older_than(read_before)
    finally:
        ledger.close()
    _only_backup_is_of_schema(tmp_path, 34)
    ledger = Ledger.open(path)
    try:
        again = ledger.get(fox)
        assert again == noted and again.revision == 1
        renamed = ledger.update(fox, title="Fox")
        assert (renamed.revision, again.older_than(renamed)) == (2, True)
    finally:
        ledger.close()


def test_every_write_of_a_row_makes_a_copy_newer_than_those_read_before_it(
    tmp_path: Path,
) -> None:
    """A transition, an update and a note each count one write of the row, in this
    process or another's ledger on the same file, so that a view holding the newest copy
    never takes back one read before it. A copy is never older than itself."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    other = Ledger.open(tmp_path / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a heron"))
        copies = [job]
        copies.append(ledger.transition(job.id, JobState.SUBMITTING))
        copies.append(ledger.note(job.id, error_message="KIE is busy"))
        copies.append(other.update(job.id, title="Heron"))
        copies.append(ledger.note(job.id, error_message=""))
        assert [copy.revision for copy in copies] == [0, 1, 2, 3, 4]
        assert ledger.get(job.id) == copies[-1]
    finally:
        other.close()
        ledger.close()
    for older, newer in itertools.pairwise(copies):
        assert older.older_than(newer) and not newer.older_than(older)
    assert not job.older_than(job)


@pytest.mark.parametrize("write", ["transition", "update", "note"])
def test_a_row_s_revision_is_never_set_by_a_write(tmp_path: Path, write: str) -> None:
    """A write that tries to set the count of writes is refused and writes nothing: set
    back, a copy read before would pass for newer than the row."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a heron"))
        renamed = ledger.update(job.id, title="Heron")
        states = (JobState.SUBMITTING,) if write == "transition" else ()
        with pytest.raises(ValueError, match="revision"):
            getattr(ledger, write)(job.id, *states, title="Egret", revision=0)
        assert ledger.get(job.id) == renamed and ledger.get(job.id).revision == 1  # type: ignore[union-attr]
    finally:
        ledger.close()


def test_a_library_of_schema_27_keeps_the_first_refusals_of_result_links_it_held(
    tmp_path: Path,
) -> None:
    """Schema 27 kept KIE's first refusal of a result link in the row's code alone (422):
    on a job failed on it, and on one running after its free Retry. Opened, the library
    marks both as refused once, so that their next refusal is the second, as it was;
    neither a gateway's 422 (server trouble, no word of KIE's) nor a refusal that marked
    the result gone is marked; and the running job no longer shows a code, which only a
    job that stopped short has."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)

    def downloading(prompt: str) -> int:
        job = ledger.create_job(GenerateRequest(prompt))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.GENERATING, task_id=f"task-{job.id}")
        ledger.transition(job.id, JobState.DOWNLOADING, result_url="https://cdn.example/x.png")
        return job.id

    refused = downloading("refused once")
    ledger.transition(refused, JobState.FAILED, error_kind="expired_result", error_code=422)
    retried = downloading("retried after it")
    ledger.transition(retried, JobState.FAILED, error_kind="expired_result", error_code=422)
    ledger.transition(retried, JobState.DOWNLOADING, error_kind="")
    gateway = downloading("a gateway's 422")
    ledger.transition(gateway, JobState.FAILED, error_kind="server", error_code=422)
    gone = downloading("refused twice")
    ledger.transition(gone, JobState.FAILED, error_kind="expired_result", error_code=422)
    ledger.update(gone, result_deleted=True)
    ledger.close()
    _back_to_schema(path, 27, "ALTER TABLE artwork DROP COLUMN link_refused_task")
    ledger = Ledger.open(path)
    try:
        marks = {i: ledger.get(i).link_refused_task for i in (refused, retried, gateway, gone)}
        assert marks == {
            refused: f"task-{refused}",
            retried: f"task-{retried}",
            gateway: "",
            gone: "",
        }
        assert ledger.get(retried).error_code is None
        assert ledger.get(refused).error_code == 422
    finally:
        ledger.close()


def test_a_library_of_schema_23_gains_the_mark_that_kie_said_a_result_is_deleted(
    tmp_path: Path,
) -> None:
    """A schema 23 file has no ``result_deleted``: opened, it gains it, every row kept and
    marked by none (a job failed as expired before keeps its free retry while KIE may keep
    its image); a mark written then is read back after the library is opened again."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a lantern"))
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    expired = ledger.transition(job.id, JobState.FAILED, error_kind="expired_result")
    ledger.close()
    _back_to_schema(path, 23, "ALTER TABLE artwork DROP COLUMN result_deleted")
    ledger = Ledger.open(path)
    try:
        assert ledger.get(job.id) == expired and not expired.result_deleted
        marked = ledger.update(job.id, result_deleted=True)
    finally:
        ledger.close()
    ledger = Ledger.open(path)
    try:
        assert ledger.get(job.id) == marked and marked.result_deleted
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_library_of_schema_21_finds_the_words_of_its_descriptions(tmp_path: Path) -> None:
    """Opened, a schema 21 library finds a word only in an artwork's description, as a new
    one does, and keeps finding it after another program changes the description; the
    file as it was is kept beside it, and a description that is not UTF-8 (edited by hand)
    does not keep it from opening."""
    path = tmp_path / "library.sqlite3"

    def fill(ledger: Ledger) -> None:
        ledger.create_upload(
            file_path=library_image("b.png"), sha256="b", title="Beach", description="Sunset"
        )
        ledger.create_job(GenerateRequest("a red fox"), title="Fox")
        ledger.create_upload(
            file_path=library_image("o.png"), sha256="o", title="Owl", description="山水，夕阳"
        )
        ledger.create_upload(
            file_path=library_image("w.png"), sha256="w", title="Wolf", description="x"
        )

    before = _schema_21_library(path, fill)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE artwork SET description = CAST(X'ff' AS TEXT) WHERE id = 4")
    ledger = Ledger.open(path)
    try:
        assert [s.id for s in ledger.search("sunset")] == [1]
        assert [s.id for s in ledger.search("夕阳 owl")] == [3]
        stored = ledger._db.execute_sql("SELECT search_text FROM artwork ORDER BY id").fetchall()
        assert stored == [
            (search_text("", "beach", "", "sunset"),),
            (search_text("a red fox", "fox", "", ""),),
            (search_text("", "owl", "", "山水，夕阳"),),
            (search_text("", "wolf", "", "\ufffd"),),
        ]
        with contextlib.closing(sqlite3.connect(path)) as conn, conn:
            conn.execute("UPDATE artwork SET description = 'a fox at dawn' WHERE id = 1")
        assert [s.id for s in ledger.search("dawn")] == [1] and ledger.search("sunset") == []
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with contextlib.closing(sqlite3.connect(tmp_path / "library.schema-21.backup.sqlite3")) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 21
        kept = conn.execute("SELECT search_text FROM artwork WHERE id < 4 ORDER BY id").fetchall()
    assert kept == [row[-1:] for row in before[:3]]
    made_new = tmp_path / "new.sqlite3"
    Ledger.open(made_new).close()
    assert _trigger(path) == _trigger(made_new)


def _trigger(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'artwork_search_text_outdated'"
        ).fetchone()
    return str(sql)


def test_a_library_of_schema_21_finds_a_description_beside_a_prompt_holding_a_nul(
    tmp_path: Path,
) -> None:
    """A prompt read from stdin or a pasted text can hold a NUL character, where SQLite's
    length() of a text stops: the upgrade counted no line in that row's search text, left
    its description out of it, and a word only there found nothing until it was edited."""
    path = tmp_path / "library.sqlite3"

    def fill(ledger: Ledger) -> None:
        job = ledger.create_job(GenerateRequest("a red\x00fox").validated())
        ledger.update(job.id, description="Sunset")

    _schema_21_library(path, fill)
    ledger = Ledger.open(path)
    try:
        assert [s.id for s in ledger.search("sunset")] == [1]
    finally:
        ledger.close()


def test_a_library_of_schema_17_with_descriptions_folds_each_once(tmp_path: Path) -> None:
    """Upgraded from before schema 18, whose step folds the search texts anew (with the
    description now), a library's descriptions are not added to them a second time."""
    path = tmp_path / "library.sqlite3"
    _schema_17_library(path, ["a red fox", "an owl"])
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE artwork SET description = 'Sunset' WHERE id = 1")
        conn.execute("UPDATE artwork SET search_text = lower(prompt || char(10) || char(10))")
    ledger = Ledger.open(path)
    try:
        stored = ledger._db.execute_sql("SELECT search_text FROM artwork ORDER BY id").fetchall()
        assert stored == [
            (search_text("a red fox", "", "", "sunset"),),
            (search_text("an owl", "", "", ""),),
        ]
    finally:
        ledger.close()


@pytest.mark.parametrize("durable", [False, True])
def test_a_write_whose_commit_fails_is_a_storage_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool
) -> None:
    """A damaged file can fail a write with any database error, at COMMIT too: the caller
    hears a StorageError (which becomes a message), never a raw database exception."""
    ledger = open_ledger(tmp_path)
    try:
        job = ledger.create_job(GenerateRequest("a fox"))

        def broken_commit() -> None:
            raise peewee.DatabaseError("database disk image is malformed")

        monkeypatch.setattr(ledger._db, "commit", broken_commit)
        with pytest.raises(StorageError, match="malformed"):
            if durable:
                ledger.transition(job.id, JobState.SUBMITTING)
            else:
                ledger.create_job(GenerateRequest("a heron"))
        monkeypatch.undo()
        assert [(s.prompt, s.state) for s in ledger.search()] == [("a fox", JobState.QUEUED)]
    finally:
        ledger.close()


@pytest.mark.parametrize("in_batch", [False, True])
def test_a_full_disk_is_said_so_not_hidden_by_the_rollback_that_follows(
    tmp_path: Path, in_batch: bool
) -> None:
    """The file may grow no further (SQLite's own "full" limit: the disk filling up fails the
    same way). SQLite rolls the transaction back itself, and peewee's rollback then failed:
    before, the artist read "the library could not be written: cannot rollback - no
    transaction is active" instead of the reason; then SQLite's "database or disk is full",
    in English in every language."""
    ledger = open_ledger(tmp_path)
    try:
        ledger.create_job(GenerateRequest("a fox"))
        pages = ledger._db.execute_sql("PRAGMA page_count").fetchone()[0]
        ledger._db.execute_sql(f"PRAGMA max_page_count = {pages}")
        large = GenerateRequest("a heron " * 4000)
        with pytest.raises(StorageError) as raised:
            if in_batch:  # the engine's writes
                with ledger.batch(), ledger.step():
                    ledger.create_job(large)
            else:
                ledger.create_job(large)
        assert raised.value.message == "the library could not be written: the disk is full"
        assert "rollback" not in explain(raised.value).sentences()
        ledger._db.execute_sql(f"PRAGMA max_page_count = {pages * 100}")  # space was freed
        ledger.create_job(large)
        assert [s.prompt[:5] for s in ledger.search()] == ["a her", "a fox"]
        assert ledger.integrity_ok()
    finally:
        ledger.close()


def test_a_full_disk_met_by_an_upgrade_is_said_so_in_the_artists_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a library writes to it (its upgrade, a new one's tables): a disk that filled
    up then read "cannot open the library at …: database or disk is full", SQLite's English
    in the Chinese window and CLI too, where a write said "磁盘已满"."""
    from kontext_studio import i18n
    from kontext_studio.ui.translations import install_for_cli

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    path = tmp_path / "library.sqlite3"
    Ledger.open(path).close()

    def upgrade_on_a_full_disk(db: peewee.SqliteDatabase, *args: Any) -> None:
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        db.execute_sql(f"PRAGMA max_page_count = {pages}")
        db.execute_sql("CREATE TABLE grown AS SELECT randomblob(100000) AS data")

    monkeypatch.setattr(ledger_module, "migrate", upgrade_on_a_full_disk)
    with pytest.raises(StorageError) as raised:
        Ledger.open(path)
    assert raised.value.message == f"cannot open the library at {path}: the disk is full"
    try:
        assert install_for_cli(i18n.CHINESE, tmp_path / "cache")
        words = explain(raised.value).message
    finally:
        i18n.install(None)
    assert "磁盘已满" in words, words
    assert "database or disk is full" not in words


def test_what_a_write_returns_is_what_a_fresh_read_finds(tmp_path):
    """The write paths build the snapshot from the values they stored; a reopened library
    must agree with it field for field (paths stored as text, flags as flags)."""
    ledger = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a heron").validated(), title="Heron")
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.GENERATING, task_id="t9", submitted_at=10.5)
    ledger.transition(job.id, JobState.DOWNLOADING, result_url="https://r/x.png")
    done = ledger.transition(
        job.id, JobState.COMPLETED, file_path=tmp_path / "x.png", width=1024, completed_at=12.0
    )
    starred = ledger.update(job.id, starred=True, tags="bird, lake")
    upload = ledger.create_upload(file_path=tmp_path / "u.png", sha256="abc", title="mine")
    ledger.close()
    again = open_ledger(tmp_path)
    assert again.get(job.id) == starred
    assert again.find_by_sha("abc") == upload
    assert (done.file_path, done.duration_s) == (str(tmp_path / "x.png"), 1.5)
    assert (starred.starred, starred.tag_list, upload.state) == (
        True,
        ["bird", "lake"],
        JobState.COMPLETED,
    )
    again.close()


def test_unknown_jobs_and_columns_are_refused(tmp_path):
    ledger = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a heron").validated())
    with pytest.raises(InputError, match="no job"):
        ledger.transition(job.id + 1, JobState.SUBMITTING)
    with pytest.raises(ValueError, match="not artwork columns"):
        ledger.update(job.id, colour="red")
    assert ledger.get(job.id + 1) is None
    assert ledger.delete(job.id) == job
    assert ledger.get(job.id) is None
    ledger.close()


def test_two_libraries_open_in_one_process_each_read_their_own_file(tmp_path):
    first = Ledger.open(tmp_path / "one.sqlite3")
    job = first.create_job(GenerateRequest("only in the first").validated())
    second = Ledger.open(tmp_path / "two.sqlite3")
    assert [s.id for s in first.search()] == [job.id]
    assert [s.id for s in first.unfinished()] == [job.id]
    assert (first.count(), second.count(), second.search()) == (1, 0, [])
    first.close()
    second.close()


def test_a_call_after_close_is_refused_and_does_not_open_the_file_again(tmp_path):
    """A late read or write (the window polling while the app shuts down) must not reopen
    the library and leave its -wal and -shm files beside it; it fails in words."""
    ledger = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a fox"))
    ledger.close()
    late_calls: list[Callable[[], object]] = [
        ledger.count,
        ledger.data_version,
        lambda: ledger.get(job.id),
        lambda: ledger.update(job.id, title="Fox"),
    ]
    for call in late_calls:
        with pytest.raises(LibraryClosedError) as raised:
            call()
    assert explain(raised.value).message.startswith("The library is already closed.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite3"]
    ledger.close()  # closing twice is harmless


def test_a_library_of_schema_1_gains_the_error_words_column_and_keeps_its_rows(tmp_path):
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox"))
    ledger.transition(job.id, JobState.FAILED, error_kind="network", error_message="timed out")
    ledger.close()
    _schema_1_library(path)  # the file as the first release left it, its rows kept
    ledger = Ledger.open(path)
    kept = ledger.get(job.id)
    ledger.close()
    assert kept is not None
    assert (kept.state, kept.error_message, kept.error_words) == (JobState.FAILED, "timed out", "")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_words_kept_for_a_detail_never_outlive_it(tmp_path):
    """Words shown in place of a message must be dropped with it: a retried job would
    otherwise show the old failure's words under its new state."""
    ledger = open_ledger(tmp_path)
    job = ledger.create_job(GenerateRequest("a fox"))
    words = (
        '{"template": "cannot save {name}: {reason}", "values": {"name": "a.png", "reason": "x"}}'
    )
    failed = ledger.transition(
        job.id, JobState.FAILED, error_message="cannot save a.png: x", error_words=words
    )
    requeued = ledger.transition(job.id, JobState.QUEUED, error_message="")
    ledger.close()
    assert failed.error_detail == "cannot save a.png: x"
    assert (requeued.error_message, requeued.error_words) == ("", "")


SCHEMA_2 = [
    "PRAGMA journal_mode = wal",
    'CREATE TABLE "artwork" ("id" INTEGER NOT NULL PRIMARY KEY, "source" VARCHAR(255) NOT NULL,'
    ' "request_json" TEXT NOT NULL, "prompt" TEXT NOT NULL, "model" VARCHAR(255) NOT NULL,'
    ' "ratio" VARCHAR(255) NOT NULL, "state" VARCHAR(255) NOT NULL, "task_id" VARCHAR(255),'
    ' "created_at" REAL NOT NULL, "updated_at" REAL NOT NULL, "submitted_at" REAL,'
    ' "completed_at" REAL, "submit_count" INTEGER NOT NULL, "poll_count" INTEGER NOT NULL,'
    ' "error_code" INTEGER, "error_kind" VARCHAR(255) NOT NULL, "error_message" TEXT NOT NULL,'
    ' "error_words" TEXT NOT NULL, "input_image_url" TEXT NOT NULL, "input_uploaded_at" REAL,'
    ' "result_url" TEXT NOT NULL, "origin_url" TEXT NOT NULL, "file_path" TEXT NOT NULL,'
    ' "sha256" VARCHAR(255) NOT NULL, "width" INTEGER, "height" INTEGER, "file_size" INTEGER,'
    ' "title" TEXT NOT NULL, "description" TEXT NOT NULL, "tags" TEXT NOT NULL,'
    ' "starred" INTEGER NOT NULL, "published_key" TEXT NOT NULL, "published_url" TEXT NOT NULL,'
    ' "published_at" REAL)',
    'CREATE INDEX "artwork_state" ON "artwork" ("state")',
    'CREATE INDEX "artwork_task_id" ON "artwork" ("task_id")',
    "CREATE INDEX artwork_created ON artwork (created_at DESC)",
    "PRAGMA user_version = 2",
]
"""The library exactly as schema 2 made it (WAL, its sqlite_master), before search_text."""


def _schema_2_library(path: Path, fill: Callable[[Ledger], object]) -> list[tuple[object, ...]]:
    """A schema 2 file holding the rows that ``fill`` writes through today's ledger; returns
    them as stored."""
    made = path.with_name("made.sqlite3")
    ledger = Ledger.open(made)
    fill(ledger)
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for sql in SCHEMA_2:
            conn.execute(sql)
        names = ", ".join(row[1] for row in conn.execute("PRAGMA table_info(artwork)"))
        conn.execute("ATTACH DATABASE ? AS made", (str(made),))
        conn.execute(f"INSERT INTO artwork ({names}) SELECT {names} FROM made.artwork")
        return conn.execute(f"SELECT {names} FROM artwork ORDER BY id").fetchall()


def test_a_library_of_schema_2_is_searched_by_its_folded_words(tmp_path):
    path = tmp_path / "library.sqlite3"

    def fill(ledger: Ledger) -> None:
        ledger.create_job(GenerateRequest("Über den Wolken"), title="Café")
        ledger.create_job(GenerateRequest("a fox"))

    _schema_2_library(path, fill)
    with sqlite3.connect(path) as conn:  # a field edited by hand, not UTF-8
        conn.execute("UPDATE artwork SET title = CAST(X'ff' AS TEXT) WHERE id = 2")
    ledger = Ledger.open(path)
    try:
        assert [s.prompt for s in ledger.search("cafe uber")] == ["Über den Wolken"]
        stored = ledger._db.execute_sql("SELECT search_text FROM artwork ORDER BY id").fetchall()
        assert stored == [("uber den wolken\ncafe\n",), ("a fox\n\ufffd\n",)]
    finally:
        ledger.close()


def test_an_id_is_never_given_again_not_even_the_newest_ones(tmp_path):
    """After the newest job is deleted, the next takes a new id: ``publish 17``, a log line or
    a published manifest that named the deleted one must never name another artwork."""
    ledger = open_ledger(tmp_path)
    first = ledger.create_job(GenerateRequest("a fox"))
    newest = ledger.create_job(GenerateRequest("a heron"))
    ledger.delete(newest.id)
    after_delete = ledger.create_job(GenerateRequest("an owl"))
    ledger.delete(after_delete.id)
    ledger.close()
    ledger = open_ledger(tmp_path)
    after_reopen = ledger.create_job(GenerateRequest("a hare"))
    assert ledger.newest_id() == after_reopen.id
    ledger.close()
    assert [first.id, newest.id, after_delete.id, after_reopen.id] == [1, 2, 3, 4]


def _stored(path: Path) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        names = [row[1] for row in conn.execute("PRAGMA table_info(artwork)")]
        return conn.execute(f"SELECT {', '.join(names)} FROM artwork ORDER BY id").fetchall()


def test_a_library_of_schema_2_keeps_every_row_and_id_and_never_reuses_them(tmp_path):
    path = tmp_path / "library.sqlite3"

    def fill(ledger: Ledger) -> None:
        for prompt in ["a fox", "a heron", "an owl", "a hare", "a lynx"]:
            job = ledger.create_job(GenerateRequest(prompt), title=prompt.upper())
        ledger.transition(1, JobState.FAILED, error_kind="network", error_message="timed out")
        ledger.update(3, starred=True, tags="bird, night", published_at=1.5)
        ledger.create_upload(file_path=library_image("u.png"), sha256="abc", width=64, height=48)
        ledger.delete(2)  # a gap the rebuilt table keeps
        ledger.delete(job.id)

    rows = _schema_2_library(path, fill)
    ledger = Ledger.open(path)
    try:
        assert ledger.integrity_ok()
        ledger.delete(6)  # the newest
        added = ledger.create_job(GenerateRequest("a stoat"))
        assert added.id == 7
        assert ledger.search("stoat") == [added]
    finally:
        ledger.close()
    columns = len(rows[0])
    assert [row[:columns] for row in _stored(path)][:-1] == [r for r in rows if r[0] != 6]
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        schema = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    new = tmp_path / "new.sqlite3"
    Ledger.open(new).close()
    with contextlib.closing(sqlite3.connect(new)) as conn:
        made_new = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    assert schema == made_new  # the same tables, indexes and trigger as a library made now
    assert "AUTOINCREMENT" in schema["artwork"]


OPEN_ON_GO = """
import sys
from pathlib import Path
from kontext_studio.store.ledger import Ledger
print("ready", flush=True)
sys.stdin.readline()
Ledger.open(Path(sys.argv[1])).close()
"""


def _schema_1_library(path: Path) -> None:
    Ledger.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE artwork DROP COLUMN error_words")
        conn.execute("PRAGMA user_version = 1")


def _insert_as_another_program(conn: sqlite3.Connection) -> None:
    """A row ``b.png`` (hash ``def``) inserted by a program that names only the columns of
    an early library, leaving every later one to its DEFAULT."""
    conn.execute(
        "INSERT INTO artwork (state, created_at, updated_at, request_json, prompt, model,"
        " ratio, source, submit_count, poll_count, error_kind, error_message, error_words,"
        " input_image_url, result_url, origin_url, file_path, sha256, title, description,"
        " tags, starred, published_key, published_url)"
        " VALUES ('completed', 1, 1, '{}', '', '', '', 'uploaded', 0, 0, '', '', '', '', '',"
        " '', 'b.png', 'def', '', '', '', 0, '', '')"
    )


def _schema_8_library(path: Path, fill: Callable[[Ledger], object]) -> list[tuple[object, ...]]:
    """A schema 8 file (no ``original_sha256``, nor its index, nor the index of ``sha256``)
    holding the rows that ``fill`` writes through today's ledger; returns them as stored."""
    ledger = Ledger.open(path)
    fill(ledger)
    ledger.close()
    _back_to_schema(
        path,
        8,
        "DROP INDEX artwork_sha256",
        "DROP INDEX artwork_original_sha256",
        "ALTER TABLE artwork DROP COLUMN original_sha256",
    )
    return _stored(path)


def _many_rows(ledger: Ledger) -> None:
    with ledger.batch():
        for i in range(2000):
            ledger.create_job(GenerateRequest(f"job {i} " * 20))


# Four rounds of three Pythons started afresh on a library of 2000 rows: on a busy two-core
# machine, up to three minutes, past the suite's 120 s guard against a hang.
@pytest.mark.timeout(300)
@pytest.mark.parametrize("schema", [1, 2, 8])
def test_instances_opening_an_old_library_at_once_all_open_it(tmp_path, schema):
    """Two windows started together (a double click) on an old library: the one that does
    not migrate waits for the other instead of failing with "database is locked". Schema 2
    has its table rebuilt (for AUTOINCREMENT), the longest of the migrations; schema 8
    gains a column and an index. Only the one that upgrades backs the file up, as it was:
    another one copying it meanwhile could copy it upgraded, under the old schema's name."""
    for round_ in range(4):
        path = tmp_path / f"library-{round_}.sqlite3"
        if schema == 1:
            _schema_1_library(path)
        elif schema == 2:
            _schema_2_library(path, _many_rows)
        else:
            _schema_8_library(path, _many_rows)
        rows = _stored(path)
        opening = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_ON_GO, str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        # All three started and imported, then told at once to open the library.
        assert [p.stdout.readline() for p in opening if p.stdout] == ["ready\n"] * 3
        for p in opening:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        failures = [p.communicate(timeout=60)[1] for p in opening if p.wait(timeout=60)]
        assert failures == []
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # One backup, made by the instance that upgraded, of the file as it was before.
        backup = f"library-{round_}.schema-{schema}.backup.sqlite3"
        assert [name for name in _backups(tmp_path) if name.startswith(f"library-{round_}.")] == [
            backup
        ]
        with contextlib.closing(sqlite3.connect(tmp_path / backup)) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == schema
        assert _stored(tmp_path / backup) == rows


def test_an_instance_opening_a_library_another_upgrades_waits_for_it_then_opens_it(tmp_path):
    """A command run while the window upgrades a large library (seconds, the backup before
    it): it waited only SQLite's busy timeout and ended with "database is locked", in the
    words of another program holding the library. It is told, waits past that timeout as
    long as the upgrade lasts, and opens the library upgraded, every row there, upgrading
    nothing itself: the one backup is the other's, of the library as it was."""
    path = tmp_path / "library.sqlite3"
    old_library(path, "a fox", "a heron")
    told = threading.Event()
    opened: list[Ledger | BaseException] = []

    def open_it() -> None:
        try:
            opened.append(Ledger.open(path, busy_timeout_s=0.1, upgrade_elsewhere=told.set))
        except BaseException as error:
            opened.append(error)

    opening = threading.Thread(target=open_it)
    with upgrade_held(path) as let_go:
        opening.start()
        while not (told.is_set() or opened):
            opening.join(timeout=0.05)
        assert told.is_set(), opened
        opening.join(timeout=1.0)  # ten times its busy timeout
        assert opening.is_alive(), opened  # still waiting
        let_go()
        opening.join(timeout=60)
    (ledger,) = opened
    assert isinstance(ledger, Ledger), ledger
    try:
        assert ledger.count() == 2
        assert ledger.create_job(GenerateRequest("an owl")).id == 3
    finally:
        ledger.close()
    assert _backups(tmp_path) == [f"library.schema-{SCHEMA_VERSION - 1}.backup.sqlite3"]
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_upgrade_elsewhere_that_never_ends_is_said_in_its_own_words(tmp_path):
    """An instance stuck in its upgrade: the one waiting gives up, saying so, not that
    another program (a database browser) holds the library, nor "database is locked"."""
    path = tmp_path / "library.sqlite3"
    stuck = os.open(upgrade_lock_path(path), os.O_RDWR | os.O_CREAT)
    told: list[bool] = []
    try:
        assert lock_now(stuck)
        with (
            pytest.raises(LibraryUpgradingError) as waited,
            upgrading_alone(path, lambda: told.append(True), wait_s=0.2),
        ):
            pass
    finally:
        unlock_and_close(stuck)
    assert told == [True]
    words = explain(waited.value)
    assert words.message.startswith("Another Kontext Studio is still upgrading the library.")
    assert "being upgraded by another Kontext Studio" in words.sentences()
    assert "database is locked" not in words.sentences()
    with upgrading_alone(path, lambda: told.append(True)):  # let go: taken at once
        assert told == [True]


def test_a_wait_for_an_upgrade_elsewhere_ends_once_it_is_stopped(tmp_path):
    """A window's start given up during the wait (its notice closed, Ctrl+C): the wait went
    on, up to 10 minutes. It ends within a look at the lock, the lock let go."""
    path = tmp_path / "library.sqlite3"
    stuck = os.open(upgrade_lock_path(path), os.O_RDWR | os.O_CREAT)
    stopped = threading.Event()
    try:
        assert lock_now(stuck)
        waiting = upgrading_alone(
            path, lambda: threading.Timer(0.1, stopped.set).start(), 60.0, stopped
        )
        began = time.monotonic()
        with pytest.raises(UpgradeWaitStopped), waiting:
            pass
        assert time.monotonic() - began < 5.0
    finally:
        unlock_and_close(stuck)
    with upgrading_alone(path, lambda: pytest.fail("told of its own lock")):  # let go
        pass


def test_a_library_another_program_holds_locked_is_said_so_not_a_full_disk(tmp_path):
    """A database browser keeps a change open longer than SQLite waits. Before, the artist
    read "The file could not be written. ... Free disk space or choose another folder.", and
    a read said "Restart Kontext Studio": neither mends a lock another program holds."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path, busy_timeout_s=0.05)  # SQLite's wait, shortened
    job = ledger.create_job(GenerateRequest("a held fox"))
    browser = sqlite3.connect(path, isolation_level=None)
    try:
        browser.execute("BEGIN IMMEDIATE")
        browser.execute("UPDATE artwork SET title = 'being edited'")
        with pytest.raises(LibraryBusyError) as written:
            ledger.update(job.id, title="renamed")
        assert "database is locked" in written.value.message
        words = explain(written.value)
        assert words.message.startswith("Another program is using the library.")
        assert "Free disk space" not in words.sentences()
    finally:
        browser.close()
    assert ledger.update(job.id, title="renamed").title == "renamed"  # the lock is gone
    ledger.close()


def test_writes_wait_for_another_program_writing_instead_of_failing(tmp_path):
    """The CLI and the window write to one file at once. A transaction that reads before it
    writes could not wait for the other's lock (SQLITE_BUSY at once, busy_timeout or not):
    jobs failed with "database is locked", some after KIE had been paid."""
    path = tmp_path / "library.sqlite3"
    ours, theirs = Ledger.open(path), Ledger.open(path)
    jobs = [ours.create_job(GenerateRequest(f"job {i}").validated()) for i in range(20)]
    errors: list[BaseException] = []

    def run(work: Callable[[int], object]) -> None:
        try:
            for i in range(150):
                work(i)
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(lambda i: ours.update(jobs[i % 20].id, title=f"t{i}"),)),
        threading.Thread(
            target=run,
            args=(
                lambda i: theirs.create_upload(
                    prompt=f"cli {i}", file_path=library_image(f"{i}.png")
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ours.close()
    theirs.close()
    assert errors == []


def test_a_library_of_schema_4_takes_its_jobs_as_live_ones(tmp_path):
    """Which jobs demo mode made is kept from schema 5 on; the jobs before are live ones."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox"))
    ledger.close()
    _back_to_schema(
        path,
        4,
        "DROP TRIGGER artwork_task_deleted",  # of schema 16: it reads the column
        "ALTER TABLE artwork DROP COLUMN simulated",
    )
    ledger = Ledger.open(path)
    try:
        assert ledger.get(job.id).simulated is False
        assert ledger.create_job(GenerateRequest("an owl"), simulated=True).simulated is True
        assert [s.simulated for s in ledger.unfinished()] == [False, True]
    finally:
        ledger.close()


def test_a_library_of_schema_2_keeps_its_live_jobs_live_and_retires_nothing(tmp_path):
    """Rebuilding the table (schema 4) copied every column of today's model from the old
    table: SQLite read the quoted name of one it lacked as a string, so every row came out
    with ``simulated`` 'simulated' (a live job from before taken for a demo one, which
    live mode does not carry on) and ``retired_key`` 'retired_key' (a key the artwork's
    next publish or unpublish deleted)."""
    path = tmp_path / "library.sqlite3"
    _schema_2_library(path, lambda ledger: ledger.create_job(GenerateRequest("a fox")))
    ledger = Ledger.open(path)
    try:
        (job,) = ledger.unfinished()
        assert (job.simulated, job.retired_key) == (False, "")
    finally:
        ledger.close()


def test_a_library_a_rebuild_left_named_values_in_is_put_right(tmp_path):
    """A schema 2 library opened by a version before this one has those values in its
    rows already: they are set as adding the columns sets them."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox"))
    demo = ledger.create_job(GenerateRequest("an owl"), simulated=True)
    ledger.update(demo.id, retired_key="artworks/abc.png")
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "UPDATE artwork SET simulated = 'simulated', retired_key = 'retired_key' WHERE id = ?",
            (job.id,),
        )
        conn.execute("PRAGMA user_version = 6")
    ledger = Ledger.open(path)
    try:
        assert [(s.simulated, s.retired_key) for s in ledger.unfinished()] == [
            (False, ""),
            (True, "artworks/abc.png"),
        ]
    finally:
        ledger.close()


def test_a_library_of_schema_7_keeps_its_publications_where_the_settings_point(tmp_path):
    """Which bucket an artwork is published in is kept from schema 8 on: a publication
    recorded before has none (taken to be the bucket the settings name), and so has a row
    another program inserts."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    art = ledger.create_upload(file_path=library_image("a.png"), sha256="abc", width=64, height=48)
    ledger.update(art.id, published_key="artworks/abc.png", published_at=1.5)
    ledger.close()
    _back_to_schema(
        path,
        7,
        "ALTER TABLE artwork DROP COLUMN published_bucket",
        "ALTER TABLE artwork DROP COLUMN published_host",
    )
    ledger = Ledger.open(path)
    try:
        kept = ledger.get(art.id)
        assert kept is not None
        assert (kept.published_key, kept.published_bucket, kept.published_host) == (
            "artworks/abc.png",
            "",
            "",
        )
        ledger.update(art.id, published_bucket="old-art", published_host="r2.example:443")
        assert ledger.get(art.id).published_bucket == "old-art"  # type: ignore[union-attr]
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        _insert_as_another_program(conn)
        assert conn.execute(
            "SELECT published_bucket, published_host FROM artwork WHERE sha256 = 'def'"
        ).fetchone() == ("", "")


def _schema(path: Path) -> dict[str, str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))


def test_a_library_of_schema_8_keeps_every_row_and_value_and_finds_imports_by_original(
    tmp_path,
):
    """The hash of the file an import copied is kept from schema 9 on: every row of a
    schema 8 library stays as it was, with none (an import from before is found by its
    copy's hash, as it was), and the library finds the imports recorded since by it."""
    path = tmp_path / "library.sqlite3"

    def fill(ledger: Ledger) -> None:
        job = ledger.create_job(GenerateRequest("a fox"), title="Fox")
        ledger.transition(job.id, JobState.FAILED, error_kind="network", error_message="timeout")
        ledger.create_job(GenerateRequest("an owl"), simulated=True)
        art = ledger.create_upload(
            file_path=library_image("u.png"), sha256="abc", width=64, height=48
        )
        ledger.update(
            art.id,
            starred=True,
            tags="bird, night",
            published_key="artworks/abc.png",
            published_at=1.5,
            published_bucket="art",
            published_host="r2.example:443",
        )
        ledger.create_upload(file_path=library_image("v.png"), sha256="def", title="Ünïcode")
        ledger.delete(job.id + 1)  # a gap

    rows = _schema_8_library(path, fill)
    ledger = Ledger.open(path)
    try:
        assert ledger.integrity_ok()
        assert [s.original_sha256 for s in ledger.search()] == ["", "", ""]
        assert ledger.find_by_original("") is None
        assert ledger.find_by_sha("abc").published_bucket == "art"  # type: ignore[union-attr]
        added = ledger.create_upload(
            file_path=library_image("w.png"), sha256="copy", original_sha256="file"
        )
        assert ledger.find_by_original("file") == added == ledger.get(added.id)
        assert ledger.find_by_original("copy") is None
    finally:
        ledger.close()
    stored = _stored(path)
    assert [row[:-1] for row in stored[:-1]] == rows  # the new column comes last
    assert [row[-1] for row in stored] == ["", "", "", "file"]
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    new = tmp_path / "new.sqlite3"
    Ledger.open(new).close()
    made_new = _schema(new)
    migrated = _schema(path)
    assert migrated.keys() == made_new.keys()
    assert {k: v for k, v in migrated.items() if k != "artwork"} == {
        k: v for k, v in made_new.items() if k != "artwork"
    }  # the same indexes (the hash's among them) and trigger as a library made now


def test_an_import_looks_an_artwork_up_by_its_hash_through_an_index(tmp_path):
    """Each import looks up the copy's hash and the file's: without an index on it, SQLite
    read every row of the library for each, a folder of 500 into 10 000 artworks ten
    million rows. A library of schema 8 gets the index too."""
    path = tmp_path / "library.sqlite3"
    _schema_8_library(
        path, lambda ledger: ledger.create_upload(file_path=library_image("a.png"), sha256="abc")
    )
    Ledger.open(path).close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM artwork WHERE sha256 = ? LIMIT 1", ("abc",)
        ).fetchall()
    assert "INDEX artwork_sha256" in " ".join(str(step[-1]) for step in plan)


def test_the_artworks_kept_for_a_job_are_looked_up_through_an_index(tmp_path):
    """The preview asks for the artworks kept for a job's late tasks each time it shows a
    job: without an index, SQLite read every row of the library for it, 50 to 90 ms a tile
    in a library of 10 000, holding the ledger meanwhile. A library of schema 11 gets the
    index too, and it still finds them."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    job = ledger.create_job(GenerateRequest("a fox"), title="Fox")
    made, _ = ledger.create_following(job, "task-9")
    ledger.close()
    _back_to_schema(path, 11, "DROP INDEX IF EXISTS artwork_made_for_job")
    ledger = Ledger.open(path)
    try:
        assert [s.id for s in ledger.kept_for(job.id)] == [made.id]
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM artwork WHERE made_for_job = ? ORDER BY id", (1,)
        ).fetchall()
    assert "INDEX artwork_made_for_job" in " ".join(str(step[-1]) for step in plan)


def test_the_artworks_that_may_be_gone_are_read_through_an_index_of_them_alone(tmp_path):
    """Each start of the window reads the artworks an unpublish did not finish: that read
    every row of the library, a hundred thousand in a large one. Read through an index of
    those rows alone, a library of schema 20 given it too, it finds only them."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    key = "artworks/" + "c" * 64 + ".png"
    published = ledger.create_upload(
        file_path=library_image("a.png"), sha256="a", published_key=key
    )
    gone = ledger.create_upload(
        file_path=library_image("b.png"), sha256="b", published_key=key, retired_key=key
    )
    ledger.create_upload(
        file_path=library_image("c.png"), sha256="c", retired_key=key
    )  # a stopped publish
    ledger.close()
    _back_to_schema(path, 20, "DROP INDEX IF EXISTS artwork_may_be_gone")
    ledger = Ledger.open(path)
    read: list[str] = []
    try:
        ledger._db.connection().set_trace_callback(read.append)
        assert ledger.may_be_gone() == [gone.id] and published.id != gone.id
        ledger._db.connection().set_trace_callback(None)
        (query,) = [sql for sql in read if sql.startswith("SELECT")]
        plan = ledger._db.execute_sql(f"EXPLAIN QUERY PLAN {query}").fetchall()
    finally:
        ledger.close()
    assert "INDEX artwork_may_be_gone" in " ".join(str(step[-1]) for step in plan)


def _schema_11_library(path: Path, fill: Callable[[Ledger], object]) -> list[tuple[object, ...]]:
    """A schema 11 file (no index of ``made_for_job``) holding the rows that ``fill`` writes
    through today's ledger; returns them as stored."""
    ledger = Ledger.open(path)
    fill(ledger)
    ledger.close()
    _back_to_schema(path, 11, "DROP INDEX artwork_made_for_job")
    return _stored(path)


def _two_jobs(ledger: Ledger) -> None:
    fox = ledger.create_job(GenerateRequest("a fox"), title="Fox")
    ledger.create_following(fox, "task-9")


def _backups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".backup" in p.name)


def test_a_library_is_backed_up_as_it_was_before_it_is_upgraded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An upgrade the artist cannot undo: an older Kontext Studio refuses the upgraded file.
    The copy of schema 11 made first opens as it was (an older build can open it), every row
    in it; one file, no ``-wal`` beside it to be lost when it is moved back."""
    path = tmp_path / "library.sqlite3"
    rows = _schema_11_library(path, _two_jobs)
    caplog.set_level(logging.INFO, logger="kontext_studio.store.ledger")
    ledger = Ledger.open(path)
    try:
        assert [s.id for s in ledger.kept_for(1)] == [2]
    finally:
        ledger.close()
    backup = tmp_path / "library.schema-11.backup.sqlite3"
    assert _backups(tmp_path) == [backup.name]
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 11
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        indexes = {row[1] for row in conn.execute("PRAGMA index_list('artwork')")}
    assert "artwork_made_for_job" not in indexes
    assert _stored(backup) == rows
    [logged] = [r for r in caplog.records if getattr(r, "event", "") == "library_backup"]
    assert (logged.path, logged.schema) == (str(backup), 11)  # type: ignore[attr-defined]

    Ledger.open(path).close()  # already upgraded: no other copy
    assert _backups(tmp_path) == [backup.name]


def test_only_the_latest_backup_of_a_schema_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    _schema_11_library(path, _two_jobs)
    Ledger.open(path).close()

    def one_more(ledger: Ledger) -> None:
        ledger.create_job(GenerateRequest("a heron"))

    rows = _schema_11_library(path, one_more)  # upgraded again from 11, one more job in it
    Ledger.open(path).close()
    assert _backups(tmp_path) == ["library.schema-11.backup.sqlite3"]
    assert _stored(tmp_path / "library.schema-11.backup.sqlite3") == rows


def test_a_new_library_makes_no_backup(tmp_path: Path) -> None:
    Ledger.open(tmp_path / "library.sqlite3").close()
    Ledger.open(tmp_path / "library.sqlite3").close()
    assert _backups(tmp_path) == []


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EROFS, "the disk it is on is read-only"),
        (errno.EACCES, "you do not have permission to write there"),
    ],
)
def test_a_library_whose_backup_cannot_be_written_is_not_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    """No upgrade without its backup: the artist reads why, and which folder, and the
    library stays as it was (an older build still opens it); nothing half-written is left."""
    path = tmp_path / "library.sqlite3"
    rows = _schema_11_library(path, _two_jobs)
    real_open = os.open

    def refusing_open(file: str | os.PathLike[str], flags: int, *args: int, **kw: int) -> int:
        if ".backup" in os.fspath(file):
            raise OSError(code, os.strerror(code))
        return real_open(file, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(LibraryBackupError) as raised:
        Ledger.open(path)
    monkeypatch.undo()
    shown = explain(raised.value)
    assert shown.message.startswith("The library was not upgraded: its backup could not be made.")
    assert f"cannot use the folder {tmp_path}: {words}" in shown.message
    assert "Errno" not in shown.sentences()
    assert _backups(tmp_path) == []
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 11
    assert _stored(path) == rows


def test_a_row_another_program_inserts_has_no_original(tmp_path):
    path = tmp_path / "library.sqlite3"
    Ledger.open(path).close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        _insert_as_another_program(conn)
    ledger = Ledger.open(path)
    try:
        (row,) = ledger.search()
        assert (row.sha256, row.original_sha256) == ("def", "")
        assert ledger.find_by_original("") is None
    finally:
        ledger.close()


def read_plans(ledger: Ledger, order: LibraryOrder, **filters: Any) -> list[str]:
    """How SQLite reads the library's first page in ``order``, then the next one (under
    ``filters``, :meth:`Ledger.search`'s): the steps of each query's plan, one string each."""
    made: list[str] = []
    connection = ledger._db.connection()
    connection.set_trace_callback(made.append)
    try:
        first = ledger.search(order=order, limit=2, **filters)
        ledger.search(order=order, limit=2, before=cursor_of(order, first[-1]), **filters)
    finally:
        connection.set_trace_callback(None)
    pages = [sql for sql in made if "ORDER BY" in sql]
    assert len(pages) == 2
    return [
        " | ".join(row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
        for sql in pages
    ]


@pytest.mark.parametrize(
    ("order", "index"),
    [(LibraryOrder.STARRED, "artwork_starred_first"), (LibraryOrder.NAME, "artwork_name_a_to_z")],
)
def test_starred_first_and_name_a_to_z_read_a_page_along_an_index(tmp_path, order, index):
    """Starred first and Name A→Z sorted every row the search found for each page: 30 to
    180 ms a page in a library of 10 000. Each page is read along an index now, the next
    page sought in it from the last row's place, not read again from its start."""
    ledger = open_ledger(tmp_path)
    for n in range(5):
        ledger.create_upload(prompt=f"fox {n}", title=["Owl", "", "ant"][n % 3], starred=n % 2)
    first, later = read_plans(ledger, order)
    assert f"SCAN t1 USING INDEX {index}" in first
    assert f"SEARCH t1 USING INDEX {index}" in later
    if order is LibraryOrder.STARRED:
        assert "TEMP B-TREE" not in first + later
    ledger.close()


def _uploads_changed_by_hand(path: Path, uploads: list[dict[str, Any]], *sql: str) -> Ledger:
    """The library at ``path`` holding ``uploads``, then changed by ``sql`` as by hand (an
    index dropped, an older schema's number), opened again: as an older version left it."""
    ledger = Ledger.open(path)
    for values in uploads:
        ledger.create_upload(**values)
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for statement in sql:
            conn.execute(statement)
    return Ledger.open(path)


@pytest.mark.parametrize(
    "states",
    [[JobState.COMPLETED], [JobState.COMPLETED, JobState.FAILED]],
    ids=["one state", "two states"],
)
def test_name_a_to_z_under_a_state_filter_reads_a_page_along_an_index(
    tmp_path: Path, states: list[JobState]
) -> None:
    """Name A→Z with the library filtered by a state, or several, read every row of them
    and sorted them by name for each page. It reads each state's rows along the index of
    the state and the name, merged, the next page sought from the last row's place; only
    the few rows another program wrote, not folded yet, are sorted. A library of schema 27
    gets the index at its upgrade."""
    ledger = _uploads_changed_by_hand(
        tmp_path / "library.sqlite3",
        [{"prompt": f"fox {n}", "title": ["Owl", "", "ant"][n % 3]} for n in range(9)],
        "UPDATE artwork SET state = 'failed' WHERE id % 3 = 0",
        "UPDATE artwork SET state = 'cancelled' WHERE id % 4 = 0",
        "DROP INDEX artwork_state_name_a_to_z",
        "PRAGMA user_version = 27",
    )
    try:
        plans = read_plans(ledger, LibraryOrder.NAME, states=states)
        shown = _paged_by_name_in(ledger, states)
        whole = ledger.search(order=LibraryOrder.NAME)
    finally:
        ledger.close()
    for plan in plans:
        steps = plan.split(" | ")
        along = [step for step in steps if "USING INDEX artwork_state_name_a_to_z" in step]
        assert len(along) == len(states)
        sorted_after = [steps[i - 1] for i, step in enumerate(steps) if "TEMP B-TREE" in step]
        assert all("artwork_search_text_unfolded" in step for step in sorted_after)
    assert shown == [row for row in whole if row.state in states]
    assert 0 < len(shown) < len(whole)


def test_name_a_to_z_lists_each_row_once_when_a_state_is_asked_for_twice(tmp_path: Path) -> None:
    """A state named twice (as ``jobs --state`` given twice names them, though it lists
    Newest first) read its rows twice under Name A→Z, which reads a state at a time, and
    listed each artwork twice, where every other order lists it once."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        made = [ledger.create_upload(prompt=f"fox {n}").id for n in range(3)]
        twice = [JobState.COMPLETED, JobState.COMPLETED]
        listed = ledger.search(order=LibraryOrder.NAME, states=twice)
    finally:
        ledger.close()
    assert [row.id for row in listed] == made


def _paged_by_name_in(ledger: Ledger, states: list[JobState]) -> list[Snapshot]:
    """The rows of ``states`` Name A→Z lists, read two at a time from the cursor."""
    name, paged = LibraryOrder.NAME, []
    while page := ledger.search(
        order=name, states=states, limit=2, before=cursor_of(name, paged[-1]) if paged else None
    ):
        paged.extend(page)
    return paged


def test_name_a_to_z_lists_an_artwork_another_program_renamed_by_its_new_name(tmp_path):
    """A title changed by another program (its search text cleared, not folded yet) is
    listed by Name A→Z under that title, among the others, page after page."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    made = [ledger.create_upload(prompt=name, title="") for name in ("cherry", "apple", "fig")]
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE artwork SET title = 'Damson' WHERE id = ?", (made[0].id,))
        conn.execute("UPDATE artwork SET title = 'Élder' WHERE id = ?", (made[2].id,))
        unfolded = conn.execute("SELECT count(*) FROM artwork WHERE search_text IS NULL")
        assert unfolded.fetchone() == (2,)
    paged: list[Snapshot] = []
    while page := ledger.search(
        order=LibraryOrder.NAME,
        limit=1,
        before=cursor_of(LibraryOrder.NAME, paged[-1]) if paged else None,
    ):
        paged.extend(page)
    assert [row.display_title for row in paged] == ["apple", "Damson", "Élder"]
    assert [row.id for row in ledger.search(order=LibraryOrder.NAME)] == [row.id for row in paged]
    ledger.close()


def test_name_a_to_z_pages_names_of_every_script_as_the_window_sorts_them(tmp_path):
    """Names alike but for case or accents, in several scripts, with leading spaces and
    direction isolates, half of them changed by another program (no search text: named as
    they are read), read a page at a time, under a search too, and down to each row: every
    row comes once, in the window's order (:func:`order_key`, Python's folding), which the
    index, holding names folded by Python, gives in SQLite's byte order."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    names = ["éclair", "Eclair", "ß", "ss", "İstanbul", "istanbul", "狐狸", "🦊 fox", "  fox"]
    names += ["\u2068fox\u2069", "Ω", "ω", "ÅNGSTRÖM", "angstrom", "", "a"]
    for n, name in enumerate(names * 2):
        ledger.create_upload(prompt=name if n % 3 else f"fox {name}", title="" if n % 3 else name)
    with sqlite3.connect(path) as conn:  # another program: the app's functions unknown
        conn.execute("UPDATE artwork SET title = title || ' ' WHERE id % 2 = 0")
        unfolded = conn.execute("SELECT count(*) FROM artwork WHERE search_text IS NULL")
        assert unfolded.fetchone() == (len(names),)
    name = LibraryOrder.NAME
    for text in ("", "fox"):
        whole = ledger.search(text, order=name)
        assert whole == sorted(whole, key=lambda row: order_key(name, row))
        for limit in (1, 4):
            paged: list[Snapshot] = []
            while page := ledger.search(
                text, order=name, limit=limit, before=cursor_of(name, paged[-1]) if paged else None
            ):
                paged.extend(page)
            assert [row.id for row in paged] == [row.id for row in whole]
        for row in whole:
            assert ledger.search(text, order=name, through=cursor_of(name, row))[-1] == row
    ledger.close()


def test_a_name_holding_a_nul_is_paged_by_name_and_found(tmp_path):
    """A title holding a NUL (pasted, or written by another program): SQLite's text
    functions stop at it, so Name A→Z's index named the row by its prompt where the window
    named it by its title, and paging by name went round and round between two rows, never
    reaching the rest; a search did not see past it. The search text holds a space there."""
    ledger = open_ledger(tmp_path)
    for title in ("b\x00z", "b", "a\x00fox", "c"):
        ledger.create_upload(prompt="p", title=title)
    name = LibraryOrder.NAME
    paged: list[Snapshot] = []
    while len(paged) < 8 and (
        page := ledger.search(
            order=name, limit=1, before=cursor_of(name, paged[-1]) if paged else None
        )
    ):
        paged.extend(page)
    assert [row.title for row in paged] == ["a\x00fox", "b", "b\x00z", "c"]
    assert [row.title for row in ledger.search('"a fox"')] == ["a\x00fox"]
    ledger.close()


def test_a_library_of_schema_24_with_a_nul_in_a_search_text_is_paged_by_name(tmp_path):
    """A search text stored holding a NUL, as versions before 25 folded it: the upgrade
    folds it again, so that Name A→Z's index names the row by its title."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    made = [ledger.create_upload(prompt="p", title=title) for title in ("b\x00z", "a")]
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE artwork SET search_text = ? WHERE id = ?", ("p\nb\x00z\n", made[0].id))
        conn.execute("PRAGMA user_version = 24")
    ledger = Ledger.open(path)
    try:
        name = LibraryOrder.NAME
        first = ledger.search(order=name, limit=1)
        assert [row.id for row in first] == [made[1].id]
        after = ledger.search(order=name, limit=1, before=cursor_of(name, first[-1]))
        assert [row.id for row in after] == [made[0].id]
        assert ledger.search(order=name, limit=1, before=cursor_of(name, after[-1])) == []
    finally:
        ledger.close()


def _paged_by_name(ledger: Ledger, text: str = "") -> list[Snapshot]:
    """The rows Name A→Z lists, read a row at a time from the cursor, as the window reads
    its pages; stopped once more were read than there are (a name out of the index's order
    sends the cursor round and round)."""
    name, paged = LibraryOrder.NAME, []
    while len(paged) <= ledger.count() and (
        page := ledger.search(
            text, order=name, limit=1, before=cursor_of(name, paged[-1]) if paged else None
        )
    ):
        paged.extend(page)
    return paged


def _opens_named_and_folded(path: Path, by_name: list[str]) -> None:
    """The library at ``path`` opens with its titles listed Name A→Z as ``by_name``,
    "Ångström" found by "angstrom", and its names noted folded with this Python's Unicode
    data."""
    ledger = Ledger.open(path)
    try:
        assert [row.title for row in _paged_by_name(ledger)] == by_name
        assert [row.title for row in ledger.search("angstrom")] == ["Ångström"]
    finally:
        ledger.close()
    assert _folded_with(path) == unicodedata.unidata_version


def _folded_with(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        (value,) = conn.execute("SELECT value FROM meta WHERE key = ?", (UNICODE_VERSION,))
    return str(value[0])


@pytest.mark.parametrize("before", ["another python", "schema 25"])
def test_names_folded_with_other_unicode_data_are_folded_again_at_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str
) -> None:
    """A Python whose Unicode data is another version folds some names otherwise (the
    cases of letters new to it, the accents of new accented letters): the names stored by
    the last one stood out of Name A→Z's order, the window placing them elsewhere, and out
    of a search's reach. The library notes the version its names were folded with, and a
    Python of another one (or an upgrade from before it was noted) folds them again at its
    open: "Ångström", stored as another Python kept its ring, is listed among the A's and
    found by "angstrom"."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    for title in ("Zeta", "Ångström", "beta", "alpha"):
        ledger.create_upload(prompt="p", title=title)
    ledger.close()
    assert _folded_with(path) == unicodedata.unidata_version
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "UPDATE artwork SET search_text = 'p' || char(10) || 'ångström' || char(10)"
            " WHERE title = 'Ångström'"
        )
        if before == "schema 25":
            conn.execute("DROP TABLE meta")
            conn.execute("PRAGMA user_version = 25")
    if before == "another python":
        monkeypatch.setattr(unicodedata, "unidata_version", "99.0.0")
    _opens_named_and_folded(path, ["alpha", "Ångström", "beta", "Zeta"])


def test_rows_without_a_search_text_are_folded_once_at_open_not_for_each_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows another program inserted or renamed have no search text: Name A→Z named and
    sorted them in Python for every page read (and a search folded them for every one),
    beside the others read along the index. The library folds them when it opens: no page
    folds a row any more, and they are listed and found by their names."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    made = [ledger.create_upload(prompt=name, title="") for name in ("cherry", "apple", "fig")]
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE artwork SET title = 'Damson' WHERE id = ?", (made[0].id,))
        _insert_as_another_program(conn)
        conn.execute("UPDATE artwork SET prompt = 'Élder' WHERE file_path = 'b.png'")
    folded: list[tuple[str, ...]] = []

    def spy(fold_it: Callable[..., str]) -> Callable[..., str]:
        def counted(*fields: str) -> str:
            folded.append(fields)
            return fold_it(*fields)

        return counted

    monkeypatch.setattr(ledger_module, "sort_name", spy(ledger_module.sort_name))
    monkeypatch.setattr(ledger_module, "search_text", spy(ledger_module.search_text))
    ledger = Ledger.open(path)
    try:
        paged = _paged_by_name(ledger)
        assert [row.display_title for row in paged] == ["apple", "Damson", "Élder", "fig"]
        assert [row.display_title for row in ledger.search("elder")] == ["Élder"]
        assert folded == []
    finally:
        ledger.close()


def _rows_folded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, ...]]:
    """The fields of each row whose search text the library folds from now on."""
    folded: list[tuple[bytes, ...]] = []
    fold_fields = schema._folded_fields

    def counted(*fields: bytes) -> str:
        folded.append(fields)
        return fold_fields(*fields)

    monkeypatch.setattr(schema, "_folded_fields", counted)
    return folded


def _unfolded_rows(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        (count,) = conn.execute("SELECT count(*) FROM artwork WHERE search_text IS NULL")
    return int(count[0])


def test_a_library_of_chinese_titles_is_folded_again_only_by_a_python_of_other_unicode_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library of 10 000 Chinese titles (not ASCII, so folded with the Unicode data):
    every start of the same Python folds none of them again, the version they were folded
    with being its own; the first start of a Python of other Unicode data folds each once,
    and the starts after it none."""
    path = tmp_path / "library.sqlite3"
    chinese_library(path, 10_000)
    folded = _rows_folded(monkeypatch)
    opens: list[int] = []
    for unidata in (unicodedata.unidata_version, unicodedata.unidata_version, "99.0.0", "99.0.0"):
        monkeypatch.setattr(unicodedata, "unidata_version", unidata)
        Ledger.open(path).close()
        opens.append(len(folded))
        folded.clear()
    assert opens == [0, 0, 10_000, 0]


def test_a_library_another_program_holds_opens_at_once_with_its_rows_folded_later(
    tmp_path: Path,
) -> None:
    """Rows to fold at open while another program holds the library's write lock: the
    library opens at once, not after the program lets go (an open that waited for it
    folded the row once it did), its rows found and listed by their names as they are
    read, and the next open folds them. A write after that open still waits for another
    program's lock, as every write does: one refused at once said the library was busy."""
    path = tmp_path / "library.sqlite3"
    Ledger.open(path).close()
    with contextlib.closing(
        sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    ) as holder:
        _insert_as_another_program(holder)
        holder.execute("UPDATE artwork SET title = 'Élder'")
        holder.execute("BEGIN IMMEDIATE")
        letting_go = threading.Timer(10, holder.execute, ("ROLLBACK",))
        letting_go.start()
        ledger = Ledger.open(path, busy_timeout_s=60)
        letting_go.cancel()
        letting_go.join()
        try:
            assert _unfolded_rows(path) == 1
            assert [row.title for row in _paged_by_name(ledger, "elder")] == ["Élder"]
            letting_go = threading.Timer(0.2, holder.execute, ("ROLLBACK",))
            letting_go.start()
            ledger.create_upload(prompt="written once the other program let go")
            letting_go.join()
        finally:
            ledger.close()
    assert _unfolded_rows(path) == 1
    Ledger.open(path).close()
    assert _unfolded_rows(path) == 0


def test_rows_another_program_writes_while_the_library_is_open_are_folded_when_asked(
    tmp_path: Path,
) -> None:
    """A row another program inserts while the library is open: folded by
    ``fold_written_elsewhere`` (the window asks as it sees another program's write), not at
    the next open; while that program holds the write lock, given up at once, and folded at
    the next ask."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path, busy_timeout_s=60)
    try:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other:
            _insert_as_another_program(other)
            other.execute("BEGIN IMMEDIATE")
            ledger.fold_written_elsewhere()  # at once: not the 60 s the writes wait
            assert _unfolded_rows(path) == 1
            other.execute("ROLLBACK")
        ledger.fold_written_elsewhere()
        assert _unfolded_rows(path) == 0
    finally:
        ledger.close()


def test_a_fold_asked_for_after_another_program_s_write_writes_nothing_when_no_row_needs_it(
    tmp_path: Path,
) -> None:
    """Another window, run by a Python of other Unicode data, folds the library at its open
    and notes its version. The fold this window asks for as it sees that write must not
    fold the names again and note its own version: that write was the other window's
    outside write in turn, which folded them back, and so on, each window rewriting the
    library and reading every row again every two seconds for as long as both were open.
    Only rows written without a search text are folded there; the rest waits for an open."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    try:
        ledger.create_upload(prompt="狐狸", title="Éclair")
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("UPDATE meta SET value = '9.0.0' WHERE key = 'unicode_version'")
            written = other.execute("PRAGMA data_version").fetchone()
            ledger.fold_written_elsewhere()
            assert other.execute("PRAGMA data_version").fetchone() == written, "it wrote"
            _insert_as_another_program(other)
            ledger.fold_written_elsewhere()
            assert _unfolded_rows(path) == 0
    finally:
        ledger.close()


def test_a_library_whose_rows_cannot_be_folded_at_open_opens_all_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows to fold at open in a library that refuses the write (a read-only file: SQLite
    says so through its own cursor, which peewee does not wrap): the open failed, for what
    is only a speed-up. It opens, its rows found as they are read."""
    path = tmp_path / "library.sqlite3"
    Ledger.open(path).close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        _insert_as_another_program(conn)
        conn.execute("UPDATE artwork SET title = 'Élder'")

    def refused(*_args: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(schema, "_fold_search_texts", refused)
    ledger = Ledger.open(path)
    try:
        assert [row.title for row in ledger.search("elder", order=LibraryOrder.NAME)] == ["Élder"]
    finally:
        ledger.close()


_DATE_INDEXES_OF_SCHEMA_30 = [
    *(f"DROP INDEX artwork_{name}" for name in ("newest_first", "oldest_first")),
    *(f"DROP INDEX artwork_state_{name}" for name in ("newest_first", "oldest_first")),
    "DROP INDEX artwork_starred_first",
    "DROP INDEX artwork_state_starred_first",
    "DROP INDEX IF EXISTS artwork_starred_oldest_first",
    "CREATE INDEX artwork_created ON artwork (created_at DESC)",
    "CREATE INDEX artwork_starred_first ON artwork (starred, created_at)",
    "CREATE INDEX artwork_state_starred_first ON artwork (state, starred, created_at)",
    "CREATE INDEX artwork_state_created ON artwork (state, created_at)",
]
"""The indexes of the orders by date as schema 30 had them: of the date alone."""


@pytest.mark.parametrize(
    ("order", "index", "sought"),
    [
        (LibraryOrder.STARRED, "artwork_state_starred_first", "state=? AND starred<?"),
        (LibraryOrder.NEWEST, "artwork_state_newest_first", "state=? AND created_at<?"),
        (LibraryOrder.OLDEST, "artwork_state_oldest_first", "state=? AND created_at>?"),
    ],
)
def test_an_order_under_a_state_filter_reads_a_page_along_an_index(
    tmp_path: Path, order: LibraryOrder, index: str, sought: str
) -> None:
    """Starred first, Newest first and Oldest first with the library filtered by a state
    (Completed: most of it) read every row of that state and sorted them for each page.
    Each reads along an index of the state and its order now, the next page sought from
    the last row's place; a library of schema 25 gets them at its upgrade."""
    ledger = _uploads_changed_by_hand(
        tmp_path / "library.sqlite3",
        [{"prompt": f"fox {n}", "starred": n % 2} for n in range(7)],
        "UPDATE artwork SET state = 'failed' WHERE id % 3 = 0",
        *_DATE_INDEXES_OF_SCHEMA_30,
        "DROP INDEX artwork_state_starred_first",
        "DROP INDEX artwork_state_created",
        "PRAGMA user_version = 25",
    )
    try:
        first, later = read_plans(ledger, order, states=[JobState.COMPLETED])
        shown = ledger.search(order=order, states=[JobState.COMPLETED])
        whole = ledger.search(order=order)
    finally:
        ledger.close()
    assert f"USING INDEX {index} (state=?)" in first
    assert f"USING INDEX {index} ({sought})" in later
    assert "TEMP B-TREE" not in first + later
    assert shown == [row for row in whole if row.state is JobState.COMPLETED]
    assert len(shown) == 5


@pytest.mark.parametrize("states", [[], [JobState.COMPLETED]], ids=["all", "one state"])
@pytest.mark.parametrize(
    ("order", "index"),
    [
        (LibraryOrder.NEWEST, "newest_first"),
        (LibraryOrder.OLDEST, "oldest_first"),
        (LibraryOrder.STARRED, "starred_first"),
    ],
)
def test_an_order_by_date_reads_a_page_along_an_index_after_an_upgrade_from_schema_30(
    tmp_path: Path, states: list[JobState], order: LibraryOrder, index: str
) -> None:
    """The orders by date list the rows of one time (the images of one press of Generate)
    by their place among the images now, the first first, Newest first and Oldest first:
    along the indexes of the date alone, whose rows of one date go by their ids, each page
    sorted them. A library of schema 30 gets indexes with the place at its upgrade, read
    whole or under a state filter."""
    ledger = _uploads_changed_by_hand(
        tmp_path / "library.sqlite3",
        [{"prompt": f"fox {n}", "starred": n % 3 == 0} for n in range(9)],
        "UPDATE artwork SET state = 'failed' WHERE id % 3 = 0",
        "UPDATE artwork SET created_at = 100 + id % 2, press = 'press ' || id % 2,"
        " batch_place = (9 - id) % 4, batch_size = 4",
        *_DATE_INDEXES_OF_SCHEMA_30,
        "PRAGMA user_version = 30",
    )
    try:
        first, later = read_plans(ledger, order, states=states)
        shown = ledger.search(order=order, states=states)
    finally:
        ledger.close()
    index = f"artwork_state_{index}" if states else f"artwork_{index}"
    assert f"USING INDEX {index}" in first
    assert f"USING INDEX {index}" in later
    assert "TEMP B-TREE" not in first + later
    up = 1 if order is LibraryOrder.OLDEST else -1
    starred_first = order is LibraryOrder.STARRED
    assert shown == sorted(
        shown,
        key=lambda row: (
            -row.starred * starred_first,
            up * row.created_at,
            row.batch_place,
            up * row.id,
        ),
    )
    assert len({(row.created_at, row.batch_place) for row in shown}) < len(shown)


@pytest.mark.parametrize("states", [[], [JobState.COMPLETED]], ids=["all", "one state"])
@pytest.mark.parametrize("order", [LibraryOrder.NEWEST, LibraryOrder.OLDEST])
def test_an_order_by_date_under_the_star_filter_reads_a_page_along_an_index(
    tmp_path: Path, order: LibraryOrder, states: list[JobState]
) -> None:
    """Oldest first under the ★ filter read along Starred first's index, whose date goes
    down and the images of one time up: each page sorted the rows of one time. It reads
    along an index of its own now, as Newest first reads along Starred first's, with no
    sort, under a state filter too."""
    ledger = _uploads_changed_by_hand(
        tmp_path / "library.sqlite3",
        [{"prompt": f"fox {n}", "starred": n % 2} for n in range(9)],
        "UPDATE artwork SET state = 'failed' WHERE id % 3 = 0",
        "UPDATE artwork SET created_at = 100 + id % 2, press = 'press ' || id % 2,"
        " batch_place = (9 - id) % 4, batch_size = 4",
    )
    try:
        first, later = read_plans(ledger, order, starred=True, states=states)
        shown = ledger.search(order=order, starred=True, states=states)
        whole = ledger.search(order=order, states=states)
    finally:
        ledger.close()
    assert "USING INDEX" in first
    assert "USING INDEX" in later
    assert "TEMP B-TREE" not in first + later
    assert shown == [row for row in whole if row.starred]
    assert len(shown) >= 2


def _index_sql(path: Path) -> set[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return set(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))


def test_a_library_of_schema_31_reads_each_press_made_before_from_its_first_image(
    tmp_path: Path,
) -> None:
    """Before schema 31 each job of a press of Generate had its own time, a moment after
    the one before (the last place written first): Oldest first read "4 of 4 … 1 of 4".
    At the upgrade the jobs of each press (told by the press the window wrote with them)
    take the time of the first written, and read 1 of 4 to 4 of 4 Newest first and Oldest
    first, along the indexes a library made now has, with no sort. The jobs of no press (a
    version before schema 19 wrote them) keep their times, every row is kept, and the
    copy made before the upgrade keeps the times as they were.

    Two presses of one time (two windows at once, their jobs written turn about), and an
    image made alone at that time, read mixed, "1, 1, 2, 2 …": each takes a time of its
    own, the first written keeping it, the later a step past, and a row a step past it
    before is moved on with them, so that it still reads after them."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)

    def old_press(prompt: str, count: int, at: float, pressed: str) -> list[Snapshot]:
        return [
            ledger.create_job(
                GenerateRequest(prompt),
                batch=(place, count),
                press=pressed,
                created_at=at + (count - place) / 1000,
            )
            for place in range(count, 0, -1)
        ]

    old_press("a heron of no press", 3, 50.0, "")
    old_press("a heron at dusk", 4, 100.0, "dusk")
    ledger.create_job(GenerateRequest("an owl alone"), press="owl", created_at=150.0)
    old_press("a heron at dawn", 2, 200.0, "dawn")
    ledger.create_job(GenerateRequest("a wren a step on"), created_at=after(300.0))
    for place in (2, 1):  # two windows' presses of one time, written turn about
        for pressed in ("noon", "eve"):
            ledger.create_job(
                GenerateRequest(f"a heron at {pressed}"),
                batch=(place, 2),
                press=pressed,
                created_at=300.0,
            )
    ledger.create_job(GenerateRequest("a lark alone"), created_at=300.0)
    ledger.create_upload(prompt="an imported fox")
    ledger.close()
    _back_to_schema(path, 31, "DROP INDEX artwork_starred_oldest_first")
    made_now = tmp_path / "new" / "library.sqlite3"
    made_now.parent.mkdir()
    Ledger.open(made_now).close()
    ledger = Ledger.open(path)
    try:
        oldest = ledger.search(order=LibraryOrder.OLDEST)
        newest = ledger.search(order=LibraryOrder.NEWEST)
        plans = [*read_plans(ledger, LibraryOrder.OLDEST), *read_plans(ledger, LibraryOrder.NEWEST)]
    finally:
        ledger.close()
    read = [(row.prompt, row.batch_place) for row in oldest]
    dusk = [("a heron at dusk", place) for place in (1, 2, 3, 4)]
    dawn = [("a heron at dawn", place) for place in (1, 2)]
    noon = [("a heron at noon", place) for place in (1, 2)]
    eve = [("a heron at eve", place) for place in (1, 2)]
    no_press = [("a heron of no press", place) for place in (3, 2, 1)]
    alone = [("an owl alone", 0)]
    last = [("a lark alone", 0), ("a wren a step on", 0), ("an imported fox", 0)]
    assert read == [*no_press, *dusk, *alone, *dawn, *noon, *eve, *last]
    assert [(row.prompt, row.batch_place) for row in newest] == [
        *last[::-1],
        *eve,
        *noon,
        *dawn,
        *alone,
        *dusk,
        *no_press[::-1],
    ]
    times: dict[str, set[float]] = {}
    for row in oldest:
        times.setdefault(row.press or row.prompt, set()).add(row.created_at)
    no_press_times = times.pop("a heron of no press")
    assert all(len(them) == 1 for them in times.values())
    assert [min(times[name]) for name in ("noon", "eve", "a lark alone", "a wren a step on")] == [
        300.0,
        after(300.0),
        after(after(300.0)),
        after(after(after(300.0))),
    ]
    assert times["dusk"] == {100.0} and times["dawn"] == {200.0}
    assert sorted(no_press_times) == [50.0, 50.001, 50.002]
    assert all("TEMP B-TREE" not in plan and "USING INDEX" in plan for plan in plans)
    assert _index_sql(path) == _index_sql(made_now)
    backup = path.with_name("library.schema-31.backup.sqlite3")
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        kept = conn.execute("SELECT created_at FROM artwork WHERE press = 'dusk'").fetchall()
        shared = conn.execute("SELECT count(*) FROM artwork WHERE created_at = 300").fetchone()
    assert sorted(kept) == [(100.0,), (100.001,), (100.002,), (100.003,)]
    assert shared == (5,)


@pytest.mark.parametrize("states", [[], [JobState.COMPLETED]], ids=["all", "one state"])
def test_name_a_to_z_reads_one_name_by_date_and_place_along_its_index_after_an_upgrade(
    tmp_path: Path, states: list[JobState]
) -> None:
    """Name A→Z listed the artworks of one name (the images of one press of Generate, of
    one prompt generated again) by their ids: "4 of 4 … 1 of 4", and one brought back by
    an Undo last. They go from the oldest, by their place among the images, read along the
    index of the name, which a library of schema 30 gets again at its upgrade: along the
    one of the name alone, each page sorted those of one name."""
    ledger = _uploads_changed_by_hand(
        tmp_path / "library.sqlite3",
        [{"prompt": "a fox" if n % 4 else "an owl"} for n in range(9)],
        "UPDATE artwork SET state = 'failed' WHERE id % 3 = 0",
        "UPDATE artwork SET created_at = 100 + id % 2, press = 'press ' || id % 2,"
        " batch_place = (9 - id) % 4, batch_size = 4",
        "DROP INDEX artwork_name_a_to_z",
        "DROP INDEX artwork_state_name_a_to_z",
        f"CREATE INDEX artwork_name_a_to_z ON artwork ({SORT_NAME_INDEXED})",
        f"CREATE INDEX artwork_state_name_a_to_z ON artwork (state, {SORT_NAME_INDEXED})",
        "PRAGMA user_version = 30",
    )
    try:
        plans = read_plans(ledger, LibraryOrder.NAME, states=states)
        shown = ledger.search(order=LibraryOrder.NAME, states=states)
    finally:
        ledger.close()
    index = "artwork_state_name_a_to_z" if states else "artwork_name_a_to_z"
    for plan in plans:
        steps = plan.split(" | ")
        assert any(f"USING INDEX {index}" in step for step in steps)
        sorted_after = [steps[i - 1] for i, step in enumerate(steps) if "TEMP B-TREE" in step]
        assert all("artwork_search_text_unfolded" in step for step in sorted_after)
    assert shown == sorted(
        shown, key=lambda row: (row.prompt, row.created_at, row.batch_place, row.id)
    )
    assert [row.id for row in shown] != sorted(row.id for row in shown)


def test_a_library_whose_meta_table_was_dropped_opens_and_notes_its_version_again(
    tmp_path: Path,
) -> None:
    """The ``meta`` table dropped (by hand, or by another tool) from a library of this
    schema: it failed to open with "no such table: meta". It opens with its artworks, the
    version its names were folded with unknown, so they are folded again and noted."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    for title in ("Ångström", "alpha"):
        ledger.create_upload(prompt="p", title=title)
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TABLE meta")
    _opens_named_and_folded(path, ["alpha", "Ångström"])


def test_a_library_of_schema_17_is_folded_once_by_its_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upgraded from schema 17 (no ``meta`` table then), every row was folded by the step
    to 18 and those not all ASCII a second time as the upgrade ended, the version they were
    folded with not noted yet: twice the time for a library of Chinese titles. Each row is
    folded once, and the next open folds none."""
    path = tmp_path / "library.sqlite3"
    prompts = [f"山水 {n}" for n in range(20)] + [f"a fox {n}" for n in range(20)]
    _schema_17_library(path, prompts)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TABLE meta")
    folded = _rows_folded(monkeypatch)
    Ledger.open(path).close()
    assert len(folded) == len(prompts)
    assert _folded_with(path) == unicodedata.unidata_version
    folded.clear()
    ledger = Ledger.open(path)
    try:
        assert folded == []
        assert ledger.count_matching("山水") == 20
    finally:
        ledger.close()


def test_a_library_of_schema_26_drops_the_index_of_the_state_alone(tmp_path: Path) -> None:
    """The index of the state alone cost each write that adds a job or changes its state
    its upkeep, and no read needs it: the two indexes of a state filter's Sort begin with
    the state. An upgrade drops it, and the start's read of the jobs still at work (the
    rows of a few states among 3000 finished) still goes along an index, not every row."""
    path = tmp_path / "library.sqlite3"
    ledger = Ledger.open(path)
    with ledger.batch():
        for n in range(3000):
            ledger.create_job(GenerateRequest(f"job {n}"))
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE artwork SET state = 'completed' WHERE id > 3")
        conn.execute('CREATE INDEX IF NOT EXISTS "artwork_state" ON "artwork" ("state")')
        conn.execute("PRAGMA user_version = 26")
    ledger = Ledger.open(path)
    try:
        assert [s.id for s in ledger.unfinished()] == [1, 2, 3]
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        indexes = {row[1] for row in conn.execute("PRAGMA index_list('artwork')")}
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM artwork WHERE state IN ('queued', 'polling')"
            " ORDER BY id"
        ).fetchall()
    assert "artwork_state" not in indexes
    assert "USING INDEX artwork_state_" in plan[0][3]


@pytest.mark.parametrize("stopped", [PublishCancelledError, PublishCancelledUncleanError])
def test_a_stopped_removal_kept_in_the_library_is_not_said_a_cancelled_publish(
    stopped: type[PublishError],
) -> None:
    """An Unpublish stopped (the app closed while R2 was slow) is noted by its kind: after a
    restart its words said "Publishing was cancelled.", of an Unpublish."""
    said = explain_removal(stopped.kind)
    assert said.message == "The artwork could not be removed from the R2 bucket.", said
    assert "Publishing" not in said.lines()


@pytest.mark.parametrize(
    ("prompt", "title", "beyond"),
    [
        ("a quiet fox", "", ""),
        ("\n  \n  a heron  \nin the reeds\nat dusk\n", "", "in the reeds\nat dusk"),
        ("a gull\nat dawn", "Harbour study", "a gull\nat dawn"),
        ("a gull\nat dawn", "a gull", "at dawn"),
    ],
    ids=["one line", "its first line with words", "a title of its own", "a title as its line"],
)
def test_what_a_prompt_says_beyond_its_artworks_title(
    tmp_path: Path, prompt: str, title: str, beyond: str
) -> None:
    """A tile is heard by its title, then its prompt: an untitled artwork of a one-line
    prompt, titled by it, was heard twice. Of the prompt, what follows the line its title
    says; the whole prompt beside a title of its own."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        snap = ledger.create_upload(prompt=prompt, title=title)
        assert snap.prompt_beyond_title == beyond
    finally:
        ledger.close()
