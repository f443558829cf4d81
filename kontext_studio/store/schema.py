"""The peewee model of the ledger and its migrations.

The schema version lives in SQLite's ``user_version``; :data:`MIGRATIONS` holds one function per
version step, applied in order inside one write transaction on open, which also folds the
search texts this Python would fold otherwise (:func:`_fold_for_this_python`).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import math
import operator
import sqlite3
import unicodedata
from collections.abc import Callable
from contextlib import AbstractContextManager

import peewee

from kontext_studio.errors import NewerLibraryError
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.jobs.states import RUNNING
from kontext_studio.store.moments import after
from kontext_studio.store.search import SORT_NAME_INDEXED, description_line, search_text
from kontext_studio.text_direction import has_controls

database_proxy = peewee.DatabaseProxy()
log = logging.getLogger(__name__)


class _NeverReusedId(peewee.AutoField):
    """``INTEGER PRIMARY KEY AUTOINCREMENT``. Without AUTOINCREMENT, SQLite gives the next row
    the highest id + 1, so deleting the newest job handed its id to the next one, and a log
    line, ``kontext-studio publish 17`` or a published manifest then named another artwork."""

    def ddl(self, ctx: peewee.Context) -> peewee.NodeList:
        return peewee.NodeList((super().ddl(ctx), peewee.SQL("AUTOINCREMENT")))


class Artwork(peewee.Model):
    """One job and, once it has an image, the artwork it made (or an imported file)."""

    id = _NeverReusedId()
    source = peewee.CharField(default="generated")  # generated | uploaded
    request_json = peewee.TextField(default="{}")
    prompt = peewee.TextField(default="")
    model = peewee.CharField(default="")
    ratio = peewee.CharField(default="")
    # Read along the indexes of a state filter's Sort (_create_order_indexes), which begin
    # with it: one of its own (dropped by _v27) only cost each write its upkeep.
    state = peewee.CharField()
    task_id = peewee.CharField(null=True, index=True)
    created_at = peewee.FloatField()
    updated_at = peewee.FloatField()
    submitted_at = peewee.FloatField(null=True)
    completed_at = peewee.FloatField(null=True)
    submit_count = peewee.IntegerField(default=0)
    poll_count = peewee.IntegerField(default=0)
    error_code = peewee.IntegerField(null=True)
    error_kind = peewee.CharField(default="")
    error_message = peewee.TextField(default="")
    error_words = peewee.TextField(default="")  # explain.stored_words of a worded detail
    input_image_url = peewee.TextField(default="")
    input_uploaded_at = peewee.FloatField(null=True)
    result_url = peewee.TextField(default="")
    origin_url = peewee.TextField(default="")
    file_path = peewee.TextField(default="")
    sha256 = peewee.CharField(default="", index=True)  # an import looks an artwork up by it
    width = peewee.IntegerField(null=True)
    height = peewee.IntegerField(null=True)
    file_size = peewee.IntegerField(null=True)
    title = peewee.TextField(default="")
    description = peewee.TextField(default="")
    tags = peewee.TextField(default="")
    starred = peewee.BooleanField(default=False)
    published_key = peewee.TextField(default="")
    published_url = peewee.TextField(default="")
    published_at = peewee.FloatField(null=True)
    search_text = peewee.TextField(null=True)  # search.search_text; NULL: not folded yet
    # Made in demo mode, by the simulator. DEFAULT 0 for rows other programs insert.
    simulated = peewee.BooleanField(default=False, constraints=[peewee.SQL("DEFAULT 0")])
    # A version published before under other bytes, recorded with the new one's publish and
    # cleared once it is gone from the bucket (publish.service: the record moves first); the
    # new one's key meanwhile, from before it is sent until that publish is recorded.
    retired_key = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")])
    # Where published_key and retired_key are: the bucket and the endpoint's host of the R2
    # settings the publish was made with (publish.service). Empty for a publish recorded
    # before they were kept: taken to be the bucket the settings name, as it was then.
    published_bucket = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")])
    published_host = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")])
    # The hash of the file an imported artwork's copy was made from: the copy may differ from
    # it (publish.service takes a photo's GPS position out), and an import of the file finds
    # its artwork by it. Empty for a generated image, for an import recorded before it was
    # kept, and once the copy was edited and published (it is no longer that file's copy).
    original_sha256 = peewee.TextField(
        default="", index=True, constraints=[peewee.SQL("DEFAULT ''")]
    )
    # The job an earlier send of which, cancelled while it was out, KIE made this artwork's
    # task for (jobs.engine: a late task the job could not keep); NULL for any other.
    made_for_job = peewee.IntegerField(null=True)
    # When a Delete moved the artwork's image to the desktop's trash (time.time()), noted
    # before it did: the row is still there only when that Delete could not remove it
    # (another program held the library). NULL for any other.
    trashed_at = peewee.FloatField(null=True)
    # Of a generate that made several images ("Generate 4 images"), this one's place among
    # them (1 to batch_size) and how many it made; 0 and 0 for an image made alone, an
    # import, and a job recorded before they were kept.
    batch_place = peewee.IntegerField(default=0, constraints=[peewee.SQL("DEFAULT 0")])
    batch_size = peewee.IntegerField(default=0, constraints=[peewee.SQL("DEFAULT 0")])
    # When the artist gave the job the task id it follows, found in their logs on kie.ai
    # (jobs.engine: attach_task): its send, long before, was never answered with it, and
    # submitted_at is when KIE made the task. NULL for a job whose own send got its task.
    task_given_at = peewee.FloatField(null=True)
    # Of such a job, how long KIE took on the task (its record's createTime to completeTime),
    # its Duration; NULL until KIE said both, and for any other job.
    task_seconds = peewee.FloatField(null=True)
    # The press of Generate in a window that wrote the job (an id made at the press, the
    # same for each of its jobs): the start after a kill counts by it which jobs of a press
    # cut off were written (ui.handover.not_made). Empty for any other job.
    press = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")])
    # A token each unpublish writes anew as it notes the image as being removed
    # (publish.service): a check of what an unfinished one left (publish.settling) writes
    # its answer only while the token is the one it read. The note itself writes the value
    # already there when one was noted before, which a check could not tell from no write.
    unpublish_mark = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")])
    # 1 once KIE itself said the job's result is deleted (download-url, asked for a fresh
    # link, answered it has no such file: jobs.engine): nothing fetches it however young
    # (jobs.stopped.result_kept). 0 for any other, and for a job marked expired before it
    # was kept.
    result_deleted = peewee.BooleanField(default=False, constraints=[peewee.SQL("DEFAULT 0")])
    # The task whose result link KIE refused once as no file of its own (download-url's 422:
    # jobs.engine): the free Retry that refusal offers is spent, and the next refusal of the
    # task's link marks its result gone, whatever failed or was cancelled in between. Empty
    # for any other job; a new task is not that one.
    link_refused_task = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")])
    # 1 once an Undo of a Delete brought the artwork back without its image, which went to
    # the desktop's trash with that Delete (store.undo.bring_back), until the image is seen
    # in its place again: its preview and its publish (the window's, the command line's)
    # say where the image is. Not trashed_at, which marks a Delete that could not remove the
    # row, whose image is taken back by deleting it again. 0 for any other artwork.
    image_left_in_trash = peewee.BooleanField(default=False, constraints=[peewee.SQL("DEFAULT 0")])
    # The kind of the error (``KontextError.kind``, never its words, which may hold an
    # address) that stopped the last removal of the artwork from the bucket, an Unpublish or
    # a Remove from bucket of what a stopped publish left: it is still there
    # (publish.service). Cleared by the next that goes through, and by a publish. Empty
    # for any other artwork.
    removal_failed = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")])
    # The back-off of the automatic tries of a refused result link (jobs.engine) whose last
    # try met KIE's rate limit (a 429): the wait it set, before its jitter, which the next
    # such try doubles, and when the next try is due. Kept on the row, a restart resumes
    # them, not the shortest wait again. 0 and NULL once a try ends otherwise, and for any
    # other job.
    link_backoff_s = peewee.FloatField(default=0.0, constraints=[peewee.SQL("DEFAULT 0")])
    link_try_at = peewee.FloatField(null=True)
    # How many writes the row has had (store.ledger.Snapshot.revision): how a view tells a
    # copy read before a write from the one that write made, a note's too, which leaves
    # updated_at as it was.
    revision = peewee.IntegerField(default=0, constraints=[peewee.SQL("DEFAULT 0")])

    class Meta:
        database = database_proxy
        table_name = "artwork"


MAY_BE_GONE_WHERE = "published_key != '' AND retired_key = published_key"
"""The rows of the artworks an unpublish did not finish (``Snapshot.may_be_gone``), as the
index of them (:func:`_v21`) and a read of them (``Ledger.may_be_gone``) both say it:
SQLite takes a partial index only for a query whose WHERE has its terms."""


def _v1(db: peewee.SqliteDatabase) -> None:
    peewee.SchemaManager(Artwork, db).create_table()
    _create_indexes(db)


def _create_indexes(db: peewee.SqliteDatabase) -> None:
    peewee.SchemaManager(Artwork, db).create_indexes()
    columns = _columns(db)
    if "made_for_job" in columns:  # a file migrated from before _v11 gets it there
        db.execute_sql(
            "CREATE INDEX IF NOT EXISTS artwork_made_for_job ON artwork (made_for_job)"
            " WHERE made_for_job IS NOT NULL"
        )
    if {"search_text", "batch_place"} <= columns:  # from before _v14: made in _v25
        _create_order_indexes(db)
    if "retired_key" in columns:  # a file migrated from before _v6 gets it in _v21
        db.execute_sql(
            "CREATE INDEX IF NOT EXISTS artwork_may_be_gone ON artwork (id)"
            f" WHERE {MAY_BE_GONE_WHERE}"
        )


def _create_order_indexes(db: peewee.SqliteDatabase) -> None:
    """The indexes the library's Sort reads along (:func:`_v25`): of each order by date
    (:func:`_v32`), read from its start or, the date going down, from its end; of Name A→Z."""
    for name, columns in _ORDER_INDEXES.items():
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON artwork ({columns})")
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS artwork_search_text_unfolded ON artwork (id)"
        " WHERE search_text IS NULL"
    )


_ORDER_INDEXES = {
    "artwork_newest_first": "created_at, batch_place DESC",
    "artwork_oldest_first": "created_at, batch_place",
    "artwork_starred_first": "starred, created_at, batch_place DESC",
    "artwork_starred_oldest_first": "starred, created_at, batch_place",
    "artwork_state_newest_first": "state, created_at, batch_place DESC",
    "artwork_state_oldest_first": "state, created_at, batch_place",
    "artwork_state_starred_first": "state, starred, created_at, batch_place DESC",
    "artwork_name_a_to_z": f"{SORT_NAME_INDEXED}, created_at, batch_place",
    "artwork_state_name_a_to_z": f"state, {SORT_NAME_INDEXED}, created_at, batch_place",
}
"""The indexes of the library's orders (:func:`~kontext_studio.store.order.page_of`), each
name with its columns: the date, then the place of one press's images going up whichever
way the date goes (the id, last in every index, goes the way of the date); Name A→Z's, the
name first. No press: a press's time is its own (:mod:`~kontext_studio.store.moments`), and
the press in each index made a library 40 % larger. Oldest first under the ★ filter reads
``artwork_starred_oldest_first`` (:func:`_v32`)."""


def _has_meta(db: peewee.SqliteDatabase) -> bool:
    return bool(
        db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
    )


def _columns(db: peewee.SqliteDatabase) -> set[str]:
    return {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}


def _v2(db: peewee.SqliteDatabase) -> None:
    """Worded error details (translated when shown). A file made by ``_v1`` of this version
    already has the column: ``_v1`` creates the table from the model as it is now."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}
    if "error_words" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN error_words TEXT NOT NULL DEFAULT ''")


def _v3(db: peewee.SqliteDatabase) -> None:
    """The folded text a search looks in (see :mod:`kontext_studio.store.search`), filled in
    for the rows there are. The ledger writes it with each row; a row that another program
    inserts has none (NULL), and the trigger clears it when another program changes a field
    it is made of, so a search never goes by outdated words (NULL: fold it while searching)."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}
    if "search_text" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN search_text TEXT")
    _fold_search_texts(db)
    _create_search_trigger(db)


def _fold_search_texts(db: peewee.SqliteDatabase, where: str = "1") -> None:
    """Store the :func:`~kontext_studio.store.search.search_text` of each row ``where`` (SQL)
    picks, every row by default, as it is folded now, writing only the rows whose stored one
    differs. The fields and the stored text are read as bytes: one that is not UTF-8 (edited
    by hand) must not keep the library from opening; reading its row says what is wrong.
    Inside the migration's transaction: a kill half-way leaves the file as it was, and the
    next start folds it all again. The rows of one press of Generate (up
    to four images of one prompt) come one after the other, and are folded once: folding
    each took most of the time of an upgrade of 100 000 (:func:`_v18`)."""
    rows = db.execute_sql(
        "SELECT CAST(prompt AS BLOB), CAST(title AS BLOB), CAST(tags AS BLOB),"
        " CAST(description AS BLOB), CAST(search_text AS BLOB), id"
        f" FROM artwork WHERE {where} ORDER BY id"
    ).fetchall()
    folded_once = functools.lru_cache(maxsize=16)(_folded_fields)
    folded = ((folded_once(*fields), stored, job_id) for *fields, stored, job_id in rows)
    db.cursor().executemany(
        "UPDATE artwork SET search_text = ? WHERE id = ?",
        (
            (text, job_id)
            for text, stored, job_id in folded
            if stored is None or text.encode() != bytes(stored)
        ),
    )


def _folded_fields(prompt: bytes, title: bytes, tags: bytes, description: bytes) -> str:
    """The :func:`~kontext_studio.store.search.search_text` of a row's fields as read."""
    return search_text(_decoded(prompt), _decoded(title), _decoded(tags), _decoded(description))


def _decoded(field: bytes) -> str:
    return bytes(field).decode(errors="replace")


def _create_search_trigger(db: peewee.SqliteDatabase) -> None:
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS artwork_search_text_outdated"
        " AFTER UPDATE OF prompt, title, tags, description ON artwork"
        " WHEN new.search_text IS old.search_text AND (new.prompt IS NOT old.prompt"
        " OR new.title IS NOT old.title OR new.tags IS NOT old.tags"
        " OR new.description IS NOT old.description)"
        " BEGIN UPDATE artwork SET search_text = NULL WHERE id = new.id; END"
    )


def _v4(db: peewee.SqliteDatabase) -> None:
    """Ids never given twice (see :class:`_NeverReusedId`). SQLite cannot add AUTOINCREMENT to
    a table, so the table is rebuilt as its documentation says: a new one made from the model,
    the rows copied with their ids, the old one dropped (with its indexes and trigger), the new
    one renamed, its indexes and trigger made again; all in the migration's one transaction.
    Its counter starts at the highest id there is: one deleted before this version (the newest
    then) can still come back, once.

    Only the columns the old table has are copied: one the model gained since (``simulated``,
    ``retired_key``) takes its DEFAULT. Named in the SELECT, SQLite read its quoted name as a
    string (a name that is no column is one there) and stored that in every row (:func:`_v7`)."""
    (table,) = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'artwork'"
    ).fetchone()
    if "AUTOINCREMENT" in table:
        return  # made by _v1 of this version
    there = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}

    class Rebuilt(Artwork):
        class Meta:
            table_name = "artwork_rebuilt"

    peewee.SchemaManager(Rebuilt, db).create_table(safe=False)
    names = ", ".join(
        f'"{field.column_name}"'
        for field in Artwork._meta.sorted_fields
        if field.column_name in there
    )
    db.execute_sql(f"INSERT INTO artwork_rebuilt ({names}) SELECT {names} FROM artwork")
    db.execute_sql("DROP TABLE artwork")
    db.execute_sql("ALTER TABLE artwork_rebuilt RENAME TO artwork")
    _create_indexes(db)
    _create_search_trigger(db)


def _v5(db: peewee.SqliteDatabase) -> None:
    """Which jobs demo mode made: only the mode that sent a job can follow its task (the
    simulator knows nothing of KIE's tasks, nor KIE of the simulator's). Rows from before
    are taken as live ones."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}
    if "simulated" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0")


def _v6(db: peewee.SqliteDatabase) -> None:
    """The version an artwork let go of when it was published again, until the bucket no
    longer has it: a publish records the new version first and removes the old one after,
    so that no record ever names an image already deleted; one that stopped in between
    leaves the old key here for the next publish or unpublish to remove."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}
    if "retired_key" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN retired_key TEXT NOT NULL DEFAULT ''")


def _v7(db: peewee.SqliteDatabase) -> None:
    """Put right the rows of a schema 2 or 3 library that :func:`_v4` rebuilt before it
    copied only the columns the old table had: each took the names of the columns added
    since as their values. ``simulated`` 'simulated' read as true, so every job from before
    was taken for a demo one (live mode would not follow it, nor let it be retried there);
    ``retired_key`` 'retired_key' sent the artwork's next publish or unpublish to delete an
    object of that name. Neither value is ever written otherwise (a flag is 0 or 1, a key is
    named for its bytes), so they are set as :func:`_v5` and :func:`_v6` add the columns."""
    db.execute_sql("UPDATE artwork SET simulated = 0 WHERE simulated = 'simulated'")
    db.execute_sql("UPDATE artwork SET retired_key = '' WHERE retired_key = 'retired_key'")


def _v8(db: peewee.SqliteDatabase) -> None:
    """Which bucket, at which endpoint, an artwork is published in: after the R2 settings
    name another one, unpublishing it there deleted nothing (S3 deletes a missing key
    without a word) and cleared the record, leaving it public where it was with no record of
    it. Publishes recorded before have none, and are taken to be where the settings point."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}
    for column in ("published_bucket", "published_host"):
        if column not in columns:
            db.execute_sql(f"ALTER TABLE artwork ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


def _v9(db: peewee.SqliteDatabase) -> None:
    """The hash of the file an import copied (:attr:`Artwork.original_sha256`), indexed: an
    import looks for it first. The copy's hash alone did not find the artwork again once
    the library made its copies otherwise (took more out of a photo, or compressed a PNG's
    text anew): importing the same file again added a second artwork. Imports recorded
    before have none; their copy's hash, or the file's own, still finds them."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}
    if "original_sha256" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN original_sha256 TEXT NOT NULL DEFAULT ''")
    _create_indexes(db)


def _v10(db: peewee.SqliteDatabase) -> None:
    """An index on :attr:`Artwork.sha256`: an import looks up the copy's hash (and the
    file's), which read every row of the library; a folder of 500 imported into a library
    of 10 000 read ten million rows."""
    _create_indexes(db)


def _v11(db: peewee.SqliteDatabase) -> None:
    """Which job's earlier send made an artwork's task (:attr:`Artwork.made_for_job`): the
    preview says so of it. Before, its description said it, and went out with the artwork
    when it was published."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}
    if "made_for_job" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN made_for_job INTEGER")


def _v12(db: peewee.SqliteDatabase) -> None:
    """An index on the rows that name a job (:attr:`Artwork.made_for_job`), only those:
    the preview looks for the artworks kept for the job it shows each time it shows one
    (:meth:`~kontext_studio.store.ledger.Ledger.kept_for`), and that read every row of the
    library, holding the ledger for it: 50 to 90 ms a tile in a library of 10 000, the
    engine's writes and the library's pages waiting behind it as arrow keys ran through
    the tiles."""
    _create_indexes(db)


def _v13(db: peewee.SqliteDatabase) -> None:
    """When a Delete moved an artwork's image to the trash (:attr:`Artwork.trashed_at`): one
    that then could not remove the row (another program held the library) left the artwork
    without its image, and its publish said to put the file back "if it was moved or
    deleted outside Kontext Studio". Rows from before have none."""
    if "trashed_at" not in _columns(db):
        db.execute_sql("ALTER TABLE artwork ADD COLUMN trashed_at REAL")


def _v14(db: peewee.SqliteDatabase) -> None:
    """Each image's place among the results of one generate (:attr:`Artwork.batch_place`
    of :attr:`Artwork.batch_size`): the four tiles of "Generate 4 images" all read the same
    prompt, and the artist could not tell them apart. Rows from before have none."""
    columns = _columns(db)
    for column in ("batch_place", "batch_size"):
        if column not in columns:
            db.execute_sql(f"ALTER TABLE artwork ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")


def _v15(db: peewee.SqliteDatabase) -> None:
    """When a job was given the task id the artist found in their logs on kie.ai
    (:attr:`Artwork.task_given_at`), and how long KIE took on that task
    (:attr:`Artwork.task_seconds`): its Duration counted from KIE's createTime, hours
    before, to the image stored, the artist's wait included. Rows from before have none."""
    columns = _columns(db)
    for column in ("task_given_at", "task_seconds"):
        if column not in columns:
            db.execute_sql(f"ALTER TABLE artwork ADD COLUMN {column} REAL")


def _v16(db: peewee.SqliteDatabase) -> None:
    """The tasks of the artworks deleted from the library (``deleted_task``): which, when,
    and the artwork's title. The library forgot them with their rows, and the task of a
    deleted artwork, entered as the task ID of a new job of the same prompt whose outcome
    was unknown, was given to it: one task, its image brought a second time. A trigger
    keeps them, so that no way of deleting a row (the window's, a command's, another
    program's) forgets one. Artworks deleted before are not known."""
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS deleted_task ("
        " task_id TEXT NOT NULL, simulated INTEGER NOT NULL, job_id INTEGER NOT NULL,"
        " title TEXT NOT NULL, deleted_at REAL NOT NULL, PRIMARY KEY (task_id, simulated))"
    )
    # The title as the library shows it (its prompt when it has none), cut short: the
    # words of a refusal show 60 characters of it at most.
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS artwork_task_deleted AFTER DELETE ON artwork"
        " WHEN old.task_id IS NOT NULL AND old.task_id != ''"
        " BEGIN INSERT OR REPLACE INTO deleted_task"
        " (task_id, simulated, job_id, title, deleted_at) VALUES (old.task_id,"
        " coalesce(old.simulated, 0), old.id,"
        " substr(CASE WHEN old.title != '' THEN old.title ELSE old.prompt END, 1, 200),"
        " (julianday('now') - 2440587.5) * 86400.0); END"
    )


def _v17(db: peewee.SqliteDatabase) -> None:
    """The task of a deleted artwork is kept (``deleted_task``) only when its image came
    into the library: completed, or with a file (fetched again when deleted). Before, the
    task of a job deleted before KIE's image came (cancelled or failed while KIE worked)
    was kept too, and entered for a new job of its prompt it was refused as "not taken
    again": the image paid for was never to be had. Those kept before are kept."""
    db.execute_sql("DROP TRIGGER IF EXISTS artwork_task_deleted")
    db.execute_sql(
        "CREATE TRIGGER artwork_task_deleted AFTER DELETE ON artwork"
        " WHEN old.task_id IS NOT NULL AND old.task_id != ''"
        " AND (old.state = 'completed' OR old.file_path != '')"
        " BEGIN INSERT OR REPLACE INTO deleted_task"
        " (task_id, simulated, job_id, title, deleted_at) VALUES (old.task_id,"
        " coalesce(old.simulated, 0), old.id,"
        " substr(CASE WHEN old.title != '' THEN old.title ELSE old.prompt END, 1, 200),"
        " (julianday('now') - 2440587.5) * 86400.0); END"
    )


def _v18(db: peewee.SqliteDatabase) -> None:
    """The search text with each run of whitespace in a field one space
    (:func:`~kontext_studio.store.search.search_text`): the one stored before kept the line
    breaks, runs of spaces, tabs and non-breaking or ideographic spaces of the prompts, and
    words in quotes ('"red fox"') did not find a prompt with any of them between the words.
    Every row folded by this Python: noted (:func:`_note_folded_with_this_python`), or the
    upgrade's end folded those not all ASCII again (:func:`_fold_for_this_python`)."""
    _note_folded_with_this_python(db)
    _fold_search_texts(db)


def _v19(db: peewee.SqliteDatabase) -> None:
    """Which press of Generate wrote a job (:attr:`Artwork.press`). Told apart only by
    their prompt, image count and when they were written, the jobs of two presses alike
    (Generate pressed twice while a reference was prepared) were taken for each other at
    the start after a kill: a press whose jobs were never made was said made. Jobs from
    before have none."""
    if "press" not in _columns(db):
        db.execute_sql("ALTER TABLE artwork ADD COLUMN press TEXT NOT NULL DEFAULT ''")


def _v20(db: peewee.SqliteDatabase) -> None:
    """The token of the last unpublish noted (:attr:`Artwork.unpublish_mark`): a
    ``kontext-studio unpublish`` run while a window asked the bucket what an unfinished
    one left noted the image as being removed in the same words as before, and the
    window's "both there" then cleared that note over it. Rows from before have none."""
    if "unpublish_mark" not in _columns(db):
        db.execute_sql("ALTER TABLE artwork ADD COLUMN unpublish_mark TEXT NOT NULL DEFAULT ''")


def _v21(db: peewee.SqliteDatabase) -> None:
    """An index of the few rows an unpublish did not finish (:data:`MAY_BE_GONE_WHERE`):
    each start of the window looks for them, and that read every row of the library, a
    hundred thousand in a large one, holding the ledger meanwhile."""
    _create_indexes(db)


def _v22(db: peewee.SqliteDatabase) -> None:
    """The description in the search text (:func:`~kontext_studio.store.search.search_text`),
    and in the trigger that clears it when another program changes a field: a word only in
    an artwork's description found nothing. Only the rows with a description change, their
    line added to the search text stored (prompt, title and tags, folded as now since
    :func:`_v18`), in one UPDATE: SQLite folds each description itself, no row goes back to
    Python and in again (1.3 s on 100 000 rows, half of them with one, where folding every
    row anew took 5 on the same machine). A row whose text has its four lines already (folded by
    :func:`_v18` in this same upgrade) is left as it is, and one without (NULL) is folded
    while searching, as before. Its lines are counted in bytes: the length() of a text
    stops at a NUL character (a prompt read from stdin can hold one), and the row's
    description was left out."""
    db.execute_sql("DROP TRIGGER IF EXISTS artwork_search_text_outdated")
    _create_search_trigger(db)
    db.connection().create_function(
        "description_line", 1, lambda field: description_line(_decoded(field)), deterministic=True
    )
    db.execute_sql(
        "UPDATE artwork SET search_text = search_text"
        " || description_line(CAST(description AS BLOB)) WHERE description != ''"
        " AND length(CAST(search_text AS BLOB))"
        " - length(CAST(replace(search_text, char(10), '') AS BLOB)) = 2"
    )


def _v23(db: peewee.SqliteDatabase) -> None:
    """The search text without the fields' direction controls
    (:func:`~kontext_studio.store.search.search_text`), as a query's words are without
    theirs: words in quotes ('"red fox"') did not find a title holding one between them.
    Only the rows whose stored text holds one are folded again; the text read as bytes, as
    the fields are (:func:`_fold_search_texts`): one edited by hand, not UTF-8, kept the
    library from opening."""
    db.connection().create_function(
        "has_controls",
        1,
        lambda text: text is not None and has_controls(_decoded(text)),
        deterministic=True,
    )
    _fold_search_texts(db, "has_controls(CAST(search_text AS BLOB))")


def _v24(db: peewee.SqliteDatabase) -> None:
    """Whether KIE itself said a job's result is deleted (:attr:`Artwork.result_deleted`).
    Without it, a job failed so within KIE's 14 days was taken for one marked expired for
    any failure to get a fresh link, as older versions marked them, and kept offering a
    free Retry that failed the same way every time. Rows from before have none: one Retry
    asks KIE again, and its answer marks them."""
    if "result_deleted" not in _columns(db):
        db.execute_sql("ALTER TABLE artwork ADD COLUMN result_deleted INTEGER NOT NULL DEFAULT 0")


def _v25(db: peewee.SqliteDatabase) -> None:
    """The indexes of the library's Sort (:func:`~kontext_studio.store.order.page_of`):
    Starred first's (starred, then date) and Name A→Z's (the name in the search text,
    :data:`~kontext_studio.store.search.SORT_NAME_INDEXED`), with one of the rows without
    a search text, which Name A→Z names as it reads them. Without them each page sorted
    every row the search found: in a library of 10 000, 100 to 180 ms a page by name.
    The rows whose search text holds a NUL folded again, without it
    (:func:`~kontext_studio.store.search.search_text`): the index would name them wrong."""
    _fold_search_texts(db, "instr(CAST(search_text AS BLOB), x'00') > 0")
    _create_order_indexes(db)


def _v26(db: peewee.SqliteDatabase) -> None:
    """A table of facts about the library as a whole (``meta``), the first the version of
    the Unicode data its search texts were folded with (:func:`_fold_for_this_python`), and
    the indexes Starred first, Newest first and Oldest first read a state filter's rows
    along: they read every row of the state (all but a few, for Completed) and sorted them
    for each page."""
    _create_meta(db)
    _create_order_indexes(db)


def _create_meta(db: peewee.SqliteDatabase) -> None:
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
    )


def _v27(db: peewee.SqliteDatabase) -> None:
    """No index of the state alone: the two of :func:`_v26` begin with it, and any read by
    state goes along them, while it cost each write that adds a job or changes its state
    one more index to keep up."""
    db.execute_sql("DROP INDEX IF EXISTS artwork_state")


def _v28(db: peewee.SqliteDatabase) -> None:
    """The task whose result link KIE refused once (:attr:`Artwork.link_refused_task`).
    Before, the row's error code alone kept that refusal, and any other failure (a
    gateway's 502) or a Cancel between two refusals wrote over it, each earning one more
    free Retry. Rows that keep a first refusal the old way (a job failed on it, or running
    or cancelled after its Retry, code 422) are marked; running rows lose the code, which
    only a job that stopped short has."""
    if "link_refused_task" not in _columns(db):
        db.execute_sql("ALTER TABLE artwork ADD COLUMN link_refused_task TEXT NOT NULL DEFAULT ''")
    db.execute_sql(
        "UPDATE artwork SET link_refused_task = task_id WHERE task_id IS NOT NULL"
        " AND error_code = 422 AND result_deleted = 0 AND ("
        " (state = 'failed' AND error_kind = 'expired_result')"
        f" OR state IN ('cancelled', {_RUNNING_SQL}))"
    )
    db.execute_sql(f"UPDATE artwork SET error_code = NULL WHERE state IN ({_RUNNING_SQL})")


_RUNNING_SQL = ", ".join(f"'{state.value}'" for state in sorted(RUNNING))
"""The running states, as SQL."""


def _v29(db: peewee.SqliteDatabase) -> None:
    """The index Name A→Z reads a state filter's rows along, a state at a time
    (:func:`~kontext_studio.store.order.page_of`): it read every row of the states and
    sorted them by name for each page."""
    _create_order_indexes(db)


def _v30(db: peewee.SqliteDatabase) -> None:
    """Whether an Undo of a Delete left the artwork's image in the trash
    (:attr:`Artwork.image_left_in_trash`). Before, the window that undid the Delete kept it
    in memory: after a restart, and in the command line's publish, the image was said
    "moved or deleted outside Kontext Studio"."""
    if "image_left_in_trash" not in _columns(db):
        db.execute_sql(
            "ALTER TABLE artwork ADD COLUMN image_left_in_trash INTEGER NOT NULL DEFAULT 0"
        )


def _v31(db: peewee.SqliteDatabase) -> None:
    """The indexes of the library's Sort (:func:`~kontext_studio.store.order.page_of`), now
    that the rows of one time (the images of one press of Generate) go by their place among
    the images, from the first, under every order, and Name A→Z's artworks of one name from
    the oldest: the indexes had them by their ids, and each page would sort them. The rows
    written before kept their times here, one apart for each job of a press (the next step,
    :func:`_v32`, gives each press the time of its first); by name, those of one name read
    from the oldest, as their ids did."""
    without_place = ("created", "state_created", "starred_first", "state_starred_first")
    for name in (*without_place, "name_a_to_z", "state_name_a_to_z"):  # some made again
        db.execute_sql(f"DROP INDEX IF EXISTS artwork_{name}")
    _create_order_indexes(db)


def _v32(db: peewee.SqliteDatabase) -> None:
    """Each press of Generate at a time of its own, as the ledger writes them now
    (:mod:`~kontext_studio.store.moments`). The jobs of each press written before
    :func:`_v31` take the time of the first written (its last place), as the engine has
    written them since: each had its own, a moment after the one before, and Oldest first
    read "4 of 4 … 1 of 4". The presses are told by the press the window wrote with each job
    (:attr:`Artwork.press`); the jobs of a version before :func:`_v19` have none and keep
    their times. Then the rows of different presses sharing one time, or a press and a row
    made alone, which read their images mixed ("1, 1, 2, 2 …"), are moved apart
    (:func:`_separate_presses`). And the index Oldest first reads under the ★ filter: it read
    along Starred first's, its date going down, and sorted the rows of one time each page."""
    db.execute_sql(
        "CREATE TEMP TABLE press_time (press TEXT PRIMARY KEY, created_at REAL NOT NULL)"
        " WITHOUT ROWID"
    )
    db.execute_sql(
        "INSERT INTO press_time SELECT press, min(created_at) FROM artwork WHERE press != ''"
        " GROUP BY press HAVING min(created_at) < max(created_at)"
    )
    first = "(SELECT created_at FROM press_time WHERE press_time.press = artwork.press)"
    db.execute_sql(f"UPDATE artwork SET created_at = {first} WHERE created_at > {first}")
    db.execute_sql("DROP TABLE press_time")
    _separate_presses(db)
    _create_order_indexes(db)


def _v33(db: peewee.SqliteDatabase) -> None:
    """Why the last removal of an artwork from the bucket failed
    (:attr:`Artwork.removal_failed`). Before, the window kept it in memory: after a restart,
    a switch of mode or an Undo of the artwork's Delete, its tile said "Published" again,
    with no word that the artist had asked for it to be taken down."""
    if "removal_failed" not in _columns(db):
        db.execute_sql("ALTER TABLE artwork ADD COLUMN removal_failed TEXT NOT NULL DEFAULT ''")


def _v34(db: peewee.SqliteDatabase) -> None:
    """The back-off of the automatic tries of a refused result link that met KIE's rate
    limit (:attr:`Artwork.link_backoff_s`, :attr:`Artwork.link_try_at`). Before, the engine
    kept it in memory: a restart went back to the shortest wait (10 minutes), and every job
    so held up was tried at once at each start, adding to an account-wide limit."""
    columns = _columns(db)
    if "link_backoff_s" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN link_backoff_s REAL NOT NULL DEFAULT 0")
    if "link_try_at" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN link_try_at REAL")


def _v35(db: peewee.SqliteDatabase) -> None:
    """The count of each row's writes (:attr:`Artwork.revision`). Before, a view told two
    copies of an artwork apart by ``updated_at``, which a note (why a job is held up, a
    publish that failed) leaves as it was: an older copy offered after a newer one could
    take its place. The rows written before count from 0."""
    if "revision" not in _columns(db):
        db.execute_sql("ALTER TABLE artwork ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")


_PRESS_OF_ROW = "CASE WHEN press != '' THEN press ELSE '#' || id END"
"""What a row's time belongs to: its press, or the row itself (made alone, imported, or a job
of a version before :func:`_v19`)."""


def _separate_presses(db: peewee.SqliteDatabase) -> None:
    """Give each press (:data:`_PRESS_OF_ROW`) sharing its time with another a time of its
    own: the first written (the lowest id) keeps it, each later one a step past the one
    before (:func:`~kontext_studio.store.moments.after`), and a row whose time that reaches
    a step past too, so that every other order of the rows stays as it was. Only the rows
    from the first time shared are read, and only when one is."""
    shared = db.execute_sql(
        "SELECT min(created_at) FROM (SELECT created_at FROM artwork GROUP BY created_at"
        f" HAVING count(DISTINCT {_PRESS_OF_ROW}) > 1)"
    ).fetchone()[0]
    if shared is None:
        return
    rows = db.execute_sql(
        f"SELECT created_at, {_PRESS_OF_ROW}, id FROM artwork WHERE created_at >= ?"
        " ORDER BY created_at, id",
        (shared,),
    )
    moved: list[tuple[float, int]] = []
    last = -math.inf
    for at, of_time in itertools.groupby(rows, key=operator.itemgetter(0)):
        presses: dict[str, list[int]] = {}
        for _, press, job_id in of_time:
            presses.setdefault(press, []).append(job_id)
        for ids in presses.values():  # the first written first: read by id
            last = at if at > last else after(last)
            moved.extend((last, job_id) for job_id in ids if last != at)
    db.cursor().executemany("UPDATE artwork SET created_at = ? WHERE id = ?", moved)


MIGRATIONS: list[Callable[[peewee.SqliteDatabase], None]] = [
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _v8,
    _v9,
    _v10,
    _v11,
    _v12,
    _v13,
    _v14,
    _v15,
    _v16,
    _v17,
    _v18,
    _v19,
    _v20,
    _v21,
    _v22,
    _v23,
    _v24,
    _v25,
    _v26,
    _v27,
    _v28,
    _v29,
    _v30,
    _v31,
    _v32,
    _v33,
    _v34,
    _v35,
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(
    db: peewee.SqliteDatabase,
    back_up: Callable[[int], object],
    alone: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext,
) -> int:
    """Bring the file up to :data:`SCHEMA_VERSION`; return the version found before.

    ``back_up(version)`` copies the file before its first step, when it has a schema (a new
    one has none, version 0): with the write lock held, so that no other instance upgrades
    it meanwhile, and only by the instance that upgrades it: one that waited for the lock
    finds it upgraded, and must not copy that under the old version's name. An error it
    raises leaves the file as it was. ``alone()`` is held around that, and only when the
    file has an older schema: the lock another instance waits on for as long as the
    upgrade takes (:mod:`~kontext_studio.store.upgrading`), where SQLite's lock is waited
    for only its busy timeout. A new library's making is quick, and leaves no lock's file."""
    found = db.execute_sql("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise NewerLibraryError.worded(
            QT_TRANSLATE_NOOP(
                "Errors",
                "the library was written by a newer Kontext Studio (schema {found} > {ours}); "
                "update the app to open it",
            ),
            found=found,
            ours=SCHEMA_VERSION,
        )
    if found < SCHEMA_VERSION:
        # IMMEDIATE: take the write lock first (busy_timeout waits for it), then read the
        # version again: a second instance may have migrated the file meanwhile. A deferred
        # transaction would fail at once with "database is locked" in that race.
        with alone() if found else contextlib.nullcontext(), db.atomic("IMMEDIATE"):
            current = db.execute_sql("PRAGMA user_version").fetchone()[0]
            if 0 < current < SCHEMA_VERSION:
                back_up(current)
            for version in range(current, SCHEMA_VERSION):
                MIGRATIONS[version](db)
                db.execute_sql(f"PRAGMA user_version = {version + 1}")
            _fold_for_this_python(db)
    elif _unfolded(db):
        _fold_unless_held(db, _fold_for_this_python)
    return int(found)


def fold_written_elsewhere(db: peewee.SqliteDatabase) -> None:
    """Fold the search texts of the rows another program wrote or changed while the library
    is open (:func:`_fold_unless_held`), when there are any: looked for along the index of
    them, so asking costs nothing when there are none. Before, they were folded only at the
    next open, and until then Name A→Z named and sorted them in Python at each page read.
    Those alone: the names another Python folded with its Unicode data wait for an open
    (:func:`_fold_for_this_python`). Folded again here, and that Python's version noted,
    each was a write of another program to the other's window, running that Python, which
    folded them back: the two rewrote the library, and read it again, turn about."""
    if _any_unfolded(db):
        _fold_unless_held(db, functools.partial(_fold_search_texts, where=_UNFOLDED))


def _fold_unless_held(
    db: peewee.SqliteDatabase, fold: Callable[[peewee.SqliteDatabase], None]
) -> None:
    """``fold`` (:func:`_fold_for_this_python` at an open) in a write transaction of its own,
    given up at once when another program holds the library (or it cannot be written): the
    library opens all the same, at once, its rows named and searched as they are read, as
    before, until an open that can fold them. A schema's upgrade waits for the lock; this
    speed-up need not."""
    waits = db.execute_sql("PRAGMA busy_timeout").fetchone()[0]
    db.execute_sql("PRAGMA busy_timeout = 0")
    try:
        with db.atomic("IMMEDIATE"):
            fold(db)
    except (peewee.OperationalError, sqlite3.OperationalError) as error:
        log.info(
            "search texts not folded for now", extra={"event": "fold_put_off", "reason": str(error)}
        )
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {int(waits)}")


UNICODE_VERSION = "unicode_version"
"""The ``meta`` row naming the version of the Unicode data (``unicodedata.unidata_version``)
the library's search texts were folded with."""

_UNFOLDED = "search_text IS NULL"
"""The rows without a search text (written by another program, or changed by one: the
trigger of :func:`_create_search_trigger` clears it), as the index of them says it."""

_NOT_ASCII = " OR ".join(
    f"length(CAST({field} AS BLOB)) != length({field})"
    for field in ("prompt", "title", "tags", "description")
)
"""The rows with a field not all ASCII, which alone the Unicode data folds (ASCII is only
lowered, :func:`~kontext_studio.store.search.fold`): a field's length in characters is its
length in bytes only when it is ASCII (and holds no NUL, before which SQLite stops counting
characters: such a row is folded again too, to the same text)."""


def _folded_with(db: peewee.SqliteDatabase) -> str | None:
    """The version :data:`UNICODE_VERSION` names; None when none is noted, or the ``meta``
    table is gone (dropped by hand or by another tool): the library opens all the same, its
    names folded again as by a Python of other Unicode data (:func:`_fold_for_this_python`
    makes the table again)."""
    if not _has_meta(db):
        return None
    row = db.execute_sql("SELECT value FROM meta WHERE key = ?", (UNICODE_VERSION,)).fetchone()
    return None if row is None else str(row[0])


def _unfolded(db: peewee.SqliteDatabase) -> bool:
    """Whether a library of this schema has search texts to fold at its open
    (:func:`_fold_for_this_python`)."""
    return _folded_with(db) != unicodedata.unidata_version or _any_unfolded(db)


def _any_unfolded(db: peewee.SqliteDatabase) -> bool:
    """Whether a row has no search text (:data:`_UNFOLDED`), looked for along their index."""
    return db.execute_sql(f"SELECT 1 FROM artwork WHERE {_UNFOLDED} LIMIT 1").fetchone() is not None


def _fold_for_this_python(db: peewee.SqliteDatabase) -> None:
    """Fold the search texts that Name A→Z and the search would otherwise fold for each page
    read: those of the rows without one, which Name A→Z named and sorted in Python, page
    after page, where the others are read along its index; and, when this Python's Unicode
    data is not the version they were folded with (a Python of another version opened the
    library last, or none said), those of the rows not all ASCII: Python's case folding and
    its decomposition of accents change with the Unicode data, and names folded by the
    other version (new letters' cases, new accented letters) stood out of the order the
    window sorts the same names in, and out of a search's reach.

    The version is written first, in the same transaction: a file SQLite opened read-only
    lets the transaction begin and refuses its first write, and written last, after every
    row not all ASCII was folded, it had every start of a Python of other Unicode data fold
    them all for nothing (10 000 Chinese titles, 0.2 s a start)."""
    where = _UNFOLDED
    if _folded_with(db) != unicodedata.unidata_version:
        where = f"{where} OR {_NOT_ASCII}"
    _note_folded_with_this_python(db)
    _fold_search_texts(db, where)


def _note_folded_with_this_python(db: peewee.SqliteDatabase) -> None:
    """Note this Python's Unicode data as the version the search texts are folded with,
    making the ``meta`` table first where there is none: before :func:`_v26` made it (an
    upgrade's :func:`_v18`), or when it was dropped."""
    _create_meta(db)
    db.execute_sql(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (UNICODE_VERSION, unicodedata.unidata_version),
    )
