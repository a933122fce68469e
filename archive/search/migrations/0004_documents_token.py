"""`SearchState.documents_token`: changes on every write a search's in-memory columns read.

`archive.search.columns` keeps the published documents' filter and facet columns in each
process and reloads them when this token changes. Triggers change it after any write to
documents, roles, topic links, topics, people, organisations or places (a new record, an
edit, a delete, a publication, a person made private), so every process sees a curator's
change on its next search. Aliases are not read by the columns and keep only `token`.

SQLite has only row triggers; PostgreSQL changes the token once per statement, so a bulk
update costs one write to the state row, not one per row.
"""

from django.db import migrations, models

TABLES = (
    "archive_document", "archive_role", "archive_document_topics", "archive_topic",
    "archive_person", "archive_organisation", "archive_place",
)
SQLITE_ACTIVE = "NOT EXISTS (SELECT 1 FROM search_searchstate WHERE deferred)"
# An upsert, so the token still changes after a `flush` has emptied the table.
SQLITE_BUMP = (
    "INSERT INTO search_searchstate (id, token, documents_token, deferred) "
    "VALUES (1, 'initial', lower(hex(randomblob(8))), 0) "
    "ON CONFLICT (id) DO UPDATE SET documents_token = excluded.documents_token;"
)
OPERATIONS = {"ai": "INSERT", "au": "UPDATE", "ad": "DELETE"}

PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION search_documents_touched() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF search_active() THEN "
    "INSERT INTO search_searchstate (id, token, documents_token, deferred) "
    "VALUES (1, 'initial', md5(random()::text || clock_timestamp()::text), false) "
    "ON CONFLICT (id) DO UPDATE SET documents_token = excluded.documents_token; "
    "END IF; RETURN NULL; END $$"
)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in TABLES:
            for suffix, operation in OPERATIONS.items():
                schema_editor.execute(
                    f"CREATE TRIGGER search_touched_{table}_{suffix} AFTER {operation} ON {table} "
                    f"WHEN {SQLITE_ACTIVE} BEGIN {SQLITE_BUMP} END",
                    params=None,
                )
    elif vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER search_touched AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION search_documents_touched()",
                params=None,
            )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in TABLES:
            for suffix in OPERATIONS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS search_touched_{table}_{suffix}", params=None)
    elif vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS search_touched ON {table}", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS search_documents_touched()", params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_covering_indexes")]

    operations = [
        # A plain ADD COLUMN: on SQLite, Django's AddField would rebuild the table, which the
        # triggers of migration 0002 name and would refuse to see renamed.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE search_searchstate ADD COLUMN documents_token varchar(32) DEFAULT 'initial' NOT NULL",
                    "ALTER TABLE search_searchstate DROP COLUMN documents_token",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="searchstate",
                    name="documents_token",
                    field=models.CharField(db_default="initial", max_length=32),
                ),
            ],
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
