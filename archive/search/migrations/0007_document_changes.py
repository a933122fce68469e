"""The document change log: what each process applies to its columns instead of reloading.

Until now every write to documents, roles and topic links changed
`SearchState.documents_token`, and every process then reloaded all its columns (0.4–0.6 s
at 100,000 documents, seconds at a million). Those three tables now add a row naming each
written document to `search_documentchange` instead; `archive.search.columns` reads the
rows after the last it applied and re-reads those documents only. Writes to topics,
people, organisations and places keep changing the token (migration 0004): they renumber
the facet buckets, and are rare.

The log keeps its last 10,000 rows: the trigger that drops older ones also changes
`documents_token`, so a process that had not read them reloads in full.

SQLite has row triggers, and one writer at a time. PostgreSQL logs once per statement from
its transition tables (`REFERENCING NEW TABLE … OLD TABLE`), so a bulk update is one
insert of many rows; its trigger takes a transaction-level advisory lock first, so that
transactions writing documents commit in the order of their log ids (ids come from a
sequence when inserted, and without the lock a reader could pass an id whose transaction
commits later). Curators' writes are few; bulk loads log nothing.
Inside a bulk load (`deferred`) nothing is logged: the load changes the token at its end.
"""

from django.db import migrations, models

KEEP = 10_000
# (table, column naming the document)
LOGGED = (("archive_document", "id"), ("archive_role", "document_id"), ("archive_document_topics", "document_id"))
SQLITE_ACTIVE = "NOT EXISTS (SELECT 1 FROM search_searchstate WHERE deferred)"
SQLITE_BUMP = (
    "INSERT INTO search_searchstate (id, token, documents_token, deferred) "
    "VALUES (1, 'initial', lower(hex(randomblob(8))), 0) "
    "ON CONFLICT (id) DO UPDATE SET documents_token = excluded.documents_token;"
)
OPERATIONS = {"ai": "INSERT", "au": "UPDATE", "ad": "DELETE"}


def _sqlite_rows(operation: str, column: str) -> str:
    log = "INSERT INTO search_documentchange (document_id) "
    if operation == "INSERT":
        return f"{log} VALUES (NEW.{column});"
    if operation == "DELETE":
        return f"{log} VALUES (OLD.{column});"
    # An update may move a role or link from one document to another: both change.
    return f"{log} SELECT NEW.{column} UNION SELECT OLD.{column};"


SQLITE_PRUNE = (
    "CREATE TRIGGER search_documentchange_prune AFTER INSERT ON search_documentchange "
    f"WHEN NEW.id % {KEEP // 10} = 0 AND NEW.id - (SELECT min(id) FROM search_documentchange) >= {KEEP} "
    f"BEGIN DELETE FROM search_documentchange WHERE id <= NEW.id - {KEEP}; {SQLITE_BUMP} END"
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION search_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last bigint;
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
  SELECT max(id) INTO last FROM search_documentchange;
  IF last - (SELECT min(id) FROM search_documentchange) >= KEEP + KEEP / 10 THEN
    DELETE FROM search_documentchange WHERE id <= last - KEEP;
    INSERT INTO search_searchstate (id, token, documents_token, deferred)
      VALUES (1, 'initial', md5(random()::text || clock_timestamp()::text), false)
      ON CONFLICT (id) DO UPDATE SET documents_token = excluded.documents_token;
  END IF;
  RETURN NULL;
END $$
""".replace("KEEP", str(KEEP))


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table, column in LOGGED:
            for suffix, operation in OPERATIONS.items():
                schema_editor.execute(f"DROP TRIGGER IF EXISTS search_touched_{table}_{suffix}", params=None)
                schema_editor.execute(
                    f"CREATE TRIGGER search_changed_{table}_{suffix} AFTER {operation} ON {table} "
                    f"WHEN {SQLITE_ACTIVE} BEGIN {_sqlite_rows(operation, column)} END",
                    params=None,
                )
        schema_editor.execute(SQLITE_PRUNE, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        for table, column in LOGGED:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS search_touched ON {table}", params=None)
            for suffix, operation, transition in (
                ("ai", "INSERT", "NEW TABLE AS new_rows"),
                ("au", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                ("ad", "DELETE", "OLD TABLE AS old_rows"),
            ):
                schema_editor.execute(
                    f"CREATE TRIGGER search_changed_{suffix} AFTER {operation} ON {table} REFERENCING {transition} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION search_log_changes('{column}')",
                    params=None,
                )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_documentchange_prune", params=None)
        for table, _column in LOGGED:
            for suffix, operation in OPERATIONS.items():
                schema_editor.execute(f"DROP TRIGGER IF EXISTS search_changed_{table}_{suffix}", params=None)
                schema_editor.execute(
                    f"CREATE TRIGGER search_touched_{table}_{suffix} AFTER {operation} ON {table} "
                    f"WHEN {SQLITE_ACTIVE} BEGIN {SQLITE_BUMP} END",
                    params=None,
                )
    elif vendor == "postgresql":
        for table, _column in LOGGED:
            for suffix in OPERATIONS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS search_changed_{suffix} ON {table}", params=None)
            schema_editor.execute(
                f"CREATE TRIGGER search_touched AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION search_documents_touched()",
                params=None,
            )
        schema_editor.execute("DROP FUNCTION IF EXISTS search_log_changes()", params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_vectors_in_the_table")]

    operations = [
        migrations.CreateModel(
            name="DocumentChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("document_id", models.BigIntegerField()),
            ],
            options={"verbose_name": "document change"},
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
