"""The ledger: schema versioning, state rules, search, and recovery from a damaged file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import peewee
import pytest

from kontext_studio.errors import InputError, LibraryReadError, StorageError, explain
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store.ledger import IllegalTransition, Ledger
from kontext_studio.store.schema import SCHEMA_VERSION


def open_ledger(tmp_path: Path) -> Ledger:
    return Ledger.open(tmp_path / "library.sqlite3")


def test_new_library_is_at_the_current_schema_in_wal_mode(tmp_path):
    ledger = open_ledger(tmp_path)
    ledger.close()
    with sqlite3.connect(tmp_path / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = {row[1] for row in conn.execute("PRAGMA index_list('artwork')")}
    assert {"artwork_task_id", "artwork_state"} <= indexes


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


def test_search_matches_prompt_title_and_tags_newest_first(tmp_path):
    ledger = open_ledger(tmp_path)
    fox = ledger.create_job(GenerateRequest("a red fox").validated())
    owl = ledger.create_job(GenerateRequest("an owl").validated(), title="Night FOX study")
    ledger.create_upload(file_path="x.png", sha256="s", title="tree", tags="forest, fox")
    ledger.update(fox.id, starred=True)
    assert [s.id for s in ledger.search("fox")][1:] == [owl.id, fox.id]
    assert [s.id for s in ledger.search("fox", starred=True)] == [fox.id]
    assert [s.id for s in ledger.search(states=[JobState.COMPLETED])] != []
    ledger.close()


def test_search_words_with_percent_and_underscore_match_themselves(tmp_path):
    ledger = open_ledger(tmp_path)
    ledger.create_job(GenerateRequest("a cat").validated())
    sale = ledger.create_job(GenerateRequest("50% off_sale poster").validated())
    assert [s.id for s in ledger.search("%")] == [sale.id]
    assert [s.id for s in ledger.search("a_c")] == []
    assert [s.id for s in ledger.search("off_s")] == [sale.id]
    ledger.close()


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        ("UPDATE artwork SET state = 'bogus'", "artwork 1 has a state"),
        ("UPDATE artwork SET prompt = CAST(X'ff' AS TEXT)", "could not be read"),
        ("ALTER TABLE artwork DROP COLUMN tags", "no such column"),
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


OPEN_AT = """
import sys, time
from pathlib import Path
from kontext_studio.store.ledger import Ledger
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
Ledger.open(Path(sys.argv[1])).close()
"""


def _schema_1_library(path: Path) -> None:
    Ledger.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE artwork DROP COLUMN error_words")
        conn.execute("PRAGMA user_version = 1")


def test_instances_opening_an_old_library_at_once_all_open_it(tmp_path):
    """Two windows started together (a double click) on a library of schema 1: the one that
    does not migrate waits for the other instead of failing with "database is locked"."""
    for round_ in range(4):
        path = tmp_path / f"library-{round_}.sqlite3"
        _schema_1_library(path)
        start = time.time() + 1.0
        opening = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT, str(path), repr(start)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        failures = [p.communicate(timeout=60)[1] for p in opening if p.wait(timeout=60)]
        assert failures == []
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
