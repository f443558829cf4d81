"""The peewee model of the ledger and its migrations.

The schema version lives in SQLite's ``user_version``; :data:`MIGRATIONS` holds one function per
version step, applied in order inside one write transaction on open.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from kontext_studio.errors import NewerLibraryError
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.store.search import search_text

database_proxy = peewee.DatabaseProxy()


class Artwork(peewee.Model):
    """One job and, once it has an image, the artwork it made (or an imported file)."""

    id = peewee.AutoField()
    source = peewee.CharField(default="generated")  # generated | uploaded
    request_json = peewee.TextField(default="{}")
    prompt = peewee.TextField(default="")
    model = peewee.CharField(default="")
    ratio = peewee.CharField(default="")
    state = peewee.CharField(index=True)
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
    error_words = peewee.TextField(default="")  # errors.stored_words of a worded detail
    input_image_url = peewee.TextField(default="")
    input_uploaded_at = peewee.FloatField(null=True)
    result_url = peewee.TextField(default="")
    origin_url = peewee.TextField(default="")
    file_path = peewee.TextField(default="")
    sha256 = peewee.CharField(default="")
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

    class Meta:
        database = database_proxy
        table_name = "artwork"


def _v1(db: peewee.SqliteDatabase) -> None:
    db.create_tables([Artwork])
    db.execute_sql("CREATE INDEX IF NOT EXISTS artwork_created ON artwork (created_at DESC)")


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
    it is made of, so a search never goes by outdated words (NULL: fold it while searching).
    The fields are read as bytes: one that is not UTF-8 (edited by hand) must not keep the
    library from opening; reading its row says what is wrong."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(artwork)").fetchall()}
    if "search_text" not in columns:
        db.execute_sql("ALTER TABLE artwork ADD COLUMN search_text TEXT")
    rows = db.execute_sql(
        "SELECT CAST(prompt AS BLOB), CAST(title AS BLOB), CAST(tags AS BLOB), id"
        " FROM artwork WHERE search_text IS NULL"
    )
    db.cursor().executemany(
        "UPDATE artwork SET search_text = ? WHERE id = ?",
        [
            (search_text(*(bytes(f).decode(errors="replace") for f in searched)), job_id)
            for *searched, job_id in rows
        ],
    )
    _create_search_trigger(db)


def _create_search_trigger(db: peewee.SqliteDatabase) -> None:
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS artwork_search_text_outdated"
        " AFTER UPDATE OF prompt, title, tags ON artwork"
        " WHEN new.search_text IS old.search_text AND (new.prompt IS NOT old.prompt"
        " OR new.title IS NOT old.title OR new.tags IS NOT old.tags)"
        " BEGIN UPDATE artwork SET search_text = NULL WHERE id = new.id; END"
    )


MIGRATIONS: list[Callable[[peewee.SqliteDatabase], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: peewee.SqliteDatabase) -> int:
    """Bring the file up to :data:`SCHEMA_VERSION`; return the version found before."""
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
        with db.atomic("IMMEDIATE"):
            current = db.execute_sql("PRAGMA user_version").fetchone()[0]
            for version in range(current, SCHEMA_VERSION):
                MIGRATIONS[version](db)
                db.execute_sql(f"PRAGMA user_version = {version + 1}")
    return int(found)
