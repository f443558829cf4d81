"""The peewee model of the ledger and its migrations.

The schema version lives in SQLite's ``user_version``; :data:`MIGRATIONS` holds one function per
version step, applied in order inside one write transaction on open.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from kontext_studio.errors import NewerLibraryError
from kontext_studio.i18n import QT_TRANSLATE_NOOP

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


MIGRATIONS: list[Callable[[peewee.SqliteDatabase], None]] = [_v1, _v2]
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
