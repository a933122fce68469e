"""The change log also names the documents whose linked names change; and says what it lost.

A document is found by the names of the public people, organisations and places linked to
it (`search_searchentry.names`, kept by the triggers of migration 0002). A person renamed
or made private, an alias added or removed, changes those names for every linked document,
but wrote none of the tables migration 0007 logs. Now an update of `names` that changes
them adds a row for its document to `search_documentchange`, so the ranking index
(`archive.search.ranking`) re-reads those documents as it does an edited one. Inserts and
deletes of entries need no row of their own: they come with a document inserted or
deleted, which is logged already. A new role changes names too, and is logged twice: the
log's readers re-read the document once either way.

What the log cannot give, two new columns of `search_searchstate` say:

* `pruned_through`: the last id the prune has dropped (the log keeps its last 10,000
  rows). A reader that applied the log only up to a smaller id has missed rows. The prune
  still changes `documents_token` too, for the document columns.
* `changes_token`: changed by a bulk load (`archive.search.index`), whose writes the log
  never holds (`deferred`), and by nothing else.

A reader that keeps its position in the log and these two can tell, without any other
token, whether the log brings it up to date: a name written is followed, a prune past its
position or a bulk load is not.

SQLite logs with a row trigger. PostgreSQL too, here: a statement trigger with transition
tables may not name a column (`UPDATE OF names`), and without one would copy every
updated row's vector to compare names; the prune moves to its own function, called by
both logging functions, under the advisory lock of migration 0007. A name written now
takes that lock after its row trigger has changed `token` (which locks the state row),
while a logged write takes the lock first and, when it prunes, the state row second: two
such transactions would wait for each other. So every write to the tables whose triggers
change the state row (topics, people, organisations, places and their names) takes the
lock first, before its statement: one order for all.
"""

import importlib

from django.db import migrations, models

# Migration 0007's triggers, as it left them (for going back).
_0007 = importlib.import_module("archive.search.migrations.0007_document_changes")
KEEP = _0007.KEEP
SQLITE_ACTIVE = _0007.SQLITE_ACTIVE

SQLITE_NAMES = (
    "CREATE TRIGGER search_changed_search_searchentry_au AFTER UPDATE OF names ON search_searchentry "
    f"WHEN {SQLITE_ACTIVE} AND OLD.names IS NOT NEW.names "
    "BEGIN INSERT INTO search_documentchange (document_id) VALUES (NEW.document_id); END"
)
SQLITE_PRUNE = (
    "CREATE TRIGGER search_documentchange_prune AFTER INSERT ON search_documentchange "
    f"WHEN NEW.id % {KEEP // 10} = 0 AND NEW.id - (SELECT min(id) FROM search_documentchange) >= {KEEP} "
    f"BEGIN DELETE FROM search_documentchange WHERE id <= NEW.id - {KEEP}; "
    "INSERT INTO search_searchstate (id, token, documents_token, deferred, pruned_through) "
    f"VALUES (1, 'initial', lower(hex(randomblob(8))), 0, NEW.id - {KEEP}) "
    "ON CONFLICT (id) DO UPDATE SET documents_token = excluded.documents_token, "
    "pruned_through = excluded.pruned_through; END"
)

PG_PRUNE = """
CREATE OR REPLACE FUNCTION search_prune_changes() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  last bigint;
BEGIN
  SELECT max(id) INTO last FROM search_documentchange;
  IF last - (SELECT min(id) FROM search_documentchange) >= KEEP + KEEP / 10 THEN
    DELETE FROM search_documentchange WHERE id <= last - KEEP;
    INSERT INTO search_searchstate (id, token, documents_token, deferred, pruned_through)
      VALUES (1, 'initial', md5(random()::text || clock_timestamp()::text), false, last - KEEP)
      ON CONFLICT (id) DO UPDATE SET documents_token = excluded.documents_token,
                                     pruned_through = excluded.pruned_through;
  END IF;
END $$
""".replace("KEEP", str(KEEP))

PG_LOG = """
CREATE OR REPLACE FUNCTION search_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT search_active() THEN RETURN NULL; END IF;
  -- Held until commit: transactions that log changes commit in the order of their ids, so
  -- a reader that has seen id n never meets a smaller id committed later.
  PERFORM pg_advisory_xact_lock(hashtext('search_documentchange'));
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('INSERT INTO search_documentchange (document_id) SELECT DISTINCT %I FROM new_rows', TG_ARGV[0]);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('INSERT INTO search_documentchange (document_id) SELECT DISTINCT %I FROM old_rows', TG_ARGV[0]);
  ELSE
    EXECUTE format('INSERT INTO search_documentchange (document_id) '
                   'SELECT %1$I FROM new_rows UNION SELECT %1$I FROM old_rows', TG_ARGV[0]);
  END IF;
  PERFORM search_prune_changes();
  RETURN NULL;
END $$
"""

PG_NAMES = """
CREATE OR REPLACE FUNCTION search_log_names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT search_active() THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('search_documentchange'));
  INSERT INTO search_documentchange (document_id) VALUES (NEW.document_id);
  PERFORM search_prune_changes();
  RETURN NULL;
END $$
"""
PG_LOCK = """
CREATE OR REPLACE FUNCTION search_lock_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF search_active() THEN PERFORM pg_advisory_xact_lock(hashtext('search_documentchange')); END IF;
  RETURN NULL;
END $$
"""
LOCKED = (
    "archive_topic", "archive_person", "archive_personname", "archive_organisation", "archive_organisationname",
    "archive_place", "archive_placename",
)
PG_NAMES_TRIGGER = (
    "CREATE TRIGGER search_changed_names AFTER UPDATE OF names ON search_searchentry "
    "FOR EACH ROW WHEN (OLD.names IS DISTINCT FROM NEW.names) EXECUTE FUNCTION search_log_names_changed()"
)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    # Rows an earlier prune dropped: those before the oldest kept.
    schema_editor.execute(
        "UPDATE search_searchstate SET pruned_through = COALESCE((SELECT min(id) - 1 FROM search_documentchange), 0)",
        params=None,
    )
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_documentchange_prune", params=None)
        schema_editor.execute(SQLITE_PRUNE, params=None)
        schema_editor.execute(SQLITE_NAMES, params=None)
    elif vendor == "postgresql":
        for statement in (PG_PRUNE, PG_LOG, PG_NAMES, PG_NAMES_TRIGGER, PG_LOCK):
            schema_editor.execute(statement, params=None)
        for table in LOCKED:
            schema_editor.execute(
                f"CREATE TRIGGER search_lock_changes BEFORE INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION search_lock_changes()",
                params=None,
            )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_changed_search_searchentry_au", params=None)
        schema_editor.execute("DROP TRIGGER IF EXISTS search_documentchange_prune", params=None)
        schema_editor.execute(_0007.SQLITE_PRUNE, params=None)
    elif vendor == "postgresql":
        for table in LOCKED:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS search_lock_changes ON {table}", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS search_lock_changes()", params=None)
        schema_editor.execute("DROP TRIGGER IF EXISTS search_changed_names ON search_searchentry", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS search_log_names_changed()", params=None)
        schema_editor.execute(_0007.PG_FUNCTION, params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS search_prune_changes()", params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_document_changes")]

    operations = [
        # Plain ADD COLUMNs, as in 0004: on SQLite, AddField would rebuild the table, which
        # the triggers name.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE search_searchstate ADD COLUMN changes_token varchar(32) DEFAULT 'initial' NOT NULL",
                    "ALTER TABLE search_searchstate DROP COLUMN changes_token",
                ),
                migrations.RunSQL(
                    "ALTER TABLE search_searchstate ADD COLUMN pruned_through bigint DEFAULT 0 NOT NULL",
                    "ALTER TABLE search_searchstate DROP COLUMN pruned_through",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="searchstate",
                    name="changes_token",
                    field=models.CharField(db_default="initial", max_length=32),
                ),
                migrations.AddField(
                    model_name="searchstate",
                    name="pruned_through",
                    field=models.BigIntegerField(db_default=0),
                ),
            ],
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
