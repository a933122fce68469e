"""The full-text index, in each database's own terms.

SQLite: an FTS5 table over a view of each document's title, summary, full text and linked
names (external content, so the text is stored once), tokenised with Porter stemming and
diacritic removal.

PostgreSQL: a weighted `tsvector` column on `search_searchentry` with a GIN index, built
with a text-search configuration that adds `unaccent` to English stemming.

On both, triggers keep the index in step with every write to documents, roles, people,
organisations, places and their names, and change `search_searchstate.token` when a public
name changes. Persian/Arabic letter variants are folded in SQL the same way
`archive.text.fold` folds them in Python (the table is frozen here, as migrations must be).

The trigger bodies repeat one visibility rule in SQL: a private person's names are never put
in the index (the Python side of the rule is `Person.objects.public()`).
"""

from django.db import migrations

# archive.text._ARABIC_SCRIPT_FOLD, plus the Arabic short-vowel marks and superscript alef,
# which fold() strips as combining marks.
FOLD = {
    0x064A: 0x06CC, 0x0649: 0x06CC, 0x0643: 0x06A9, 0x0623: 0x0627, 0x0625: 0x0627, 0x0622: 0x0627,
    0x0629: 0x0647, 0x200C: 0x0020, 0x200D: None, 0x0640: None,
    **{mark: None for mark in range(0x064B, 0x0653)}, 0x0670: None,
    # PostgreSQL's parser reads `<word>` as an HTML tag and drops it; the text is plain text.
    0x003C: 0x0020, 0x003E: 0x0020,
}

ENTITIES = ("person", "organisation", "place")


def sqlite_fold(expr: str) -> str:
    for source, target in FOLD.items():
        expr = f"replace({expr}, char({source}), {f'char({target})' if target else chr(39) * 2})"
    return expr


def pg_fold_function() -> str:
    mapped = [(s, t) for s, t in FOLD.items() if t]
    dropped = [s for s, t in FOLD.items() if not t]
    from_chars = "".join(f"\\{s:04X}" for s, _ in mapped) + "".join(f"\\{s:04X}" for s in dropped)
    to_chars = "".join(f"\\{t:04X}" for _, t in mapped)
    return (
        "CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
        f"SELECT translate(coalesce(t, ''), U&'{from_chars}', U&'{to_chars}') $$"
    )


# Every name a document can be found by: public linked people, organisations and places with
# all their aliases, the place it was written, and names as written on public roles.
NAMES_UNION = """
    SELECT e.name AS n FROM archive_role r JOIN archive_person e ON e.id = r.person_id
        WHERE r.document_id = {doc} AND NOT e.is_private
    UNION SELECT v.name FROM archive_role r JOIN archive_person e ON e.id = r.person_id
        JOIN archive_personname v ON v.person_id = e.id WHERE r.document_id = {doc} AND NOT e.is_private
    UNION SELECT e.name FROM archive_role r JOIN archive_organisation e ON e.id = r.organisation_id
        WHERE r.document_id = {doc}
    UNION SELECT v.name FROM archive_role r JOIN archive_organisationname v ON v.organisation_id = r.organisation_id
        WHERE r.document_id = {doc}
    UNION SELECT e.name FROM archive_role r JOIN archive_place e ON e.id = r.place_id WHERE r.document_id = {doc}
    UNION SELECT v.name FROM archive_role r JOIN archive_placename v ON v.place_id = r.place_id
        WHERE r.document_id = {doc}
    UNION SELECT e.name FROM archive_place e WHERE e.id = {place_written}
    UNION SELECT v.name FROM archive_placename v WHERE v.place_id = {place_written}
    UNION SELECT r.name_as_written FROM archive_role r LEFT JOIN archive_person e ON e.id = r.person_id
        WHERE r.document_id = {doc} AND r.name_as_written <> '' AND (e.id IS NULL OR NOT e.is_private)
"""

# ---------------------------------------------------------------- SQLite

SQLITE_ACTIVE = "NOT EXISTS (SELECT 1 FROM search_searchstate WHERE deferred)"
# An upsert, so the token still changes after a `flush` has emptied the table.
SQLITE_BUMP = (
    "INSERT INTO search_searchstate (id, token, deferred) VALUES (1, lower(hex(randomblob(8))), 0) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token;"
)
F = sqlite_fold


def sqlite_upsert(doc_ids_sql: str) -> str:
    """Recompute the names of the documents selected by `doc_ids_sql` (one column, document_id)."""
    return (
        "INSERT INTO search_searchentry (document_id, names) "
        f"SELECT n.document_id, n.names FROM search_document_names n WHERE n.document_id IN ({doc_ids_sql}) "
        "ON CONFLICT (document_id) DO UPDATE SET names = excluded.names;"
    )


def sqlite_documents_of(entity: str, ref: str) -> str:
    sql = f"SELECT document_id FROM archive_role WHERE {entity}_id = {ref}"
    if entity == "place":
        sql += f" UNION SELECT id FROM archive_document WHERE place_written_id = {ref}"
    return sql


def sqlite_forward() -> list[str]:
    text_changed = "(OLD.title IS NOT NEW.title OR OLD.summary IS NOT NEW.summary OR OLD.body IS NOT NEW.body)"
    fts_columns = "title, summary, body, names"
    statements = [
        "INSERT INTO search_searchstate (id, token, deferred) VALUES (1, 'initial', 0)",
        "CREATE VIEW search_document_names AS SELECT d.id AS document_id, "
        "COALESCE((SELECT group_concat(n, ' ; ') FROM ("
        + NAMES_UNION.format(doc="d.id", place_written="d.place_written_id")
        + ")), '') AS names FROM archive_document d",
        f"CREATE VIEW search_fts_content AS SELECT d.id AS id, {F('d.title')} AS title, {F('d.summary')} AS summary, "
        f"{F('d.body')} AS body, {F("COALESCE(e.names, '')")} AS names "
        "FROM archive_document d LEFT JOIN search_searchentry e ON e.document_id = d.id",
        # Marks (Mn) count as letters, so an Arabic word with vowel signs stays one token
        # (the signs themselves are folded away above).
        f"CREATE VIRTUAL TABLE search_fts USING fts5({fts_columns}, content='search_fts_content', content_rowid='id', "
        "tokenize=\"porter unicode61 remove_diacritics 2 categories 'L* N* Co Mn'\")",
        # Documents: a new document gets its entry (whose own trigger indexes it); an edit to
        # the text re-indexes it; a new place of writing changes its names.
        f"CREATE TRIGGER search_document_ai AFTER INSERT ON archive_document WHEN {SQLITE_ACTIVE} BEGIN "
        + sqlite_upsert("NEW.id") + " END",
        f"CREATE TRIGGER search_document_au AFTER UPDATE ON archive_document WHEN {SQLITE_ACTIVE} BEGIN "
        f"INSERT INTO search_fts (search_fts, rowid, {fts_columns}) SELECT 'delete', OLD.id, {F('OLD.title')}, "
        f"{F('OLD.summary')}, {F('OLD.body')}, {F('e.names')} FROM search_searchentry e "
        f"WHERE e.document_id = OLD.id AND {text_changed}; "
        f"INSERT INTO search_fts (rowid, {fts_columns}) SELECT NEW.id, {F('NEW.title')}, {F('NEW.summary')}, "
        f"{F('NEW.body')}, {F('e.names')} FROM search_searchentry e WHERE e.document_id = NEW.id AND {text_changed}; "
        + sqlite_upsert("SELECT NEW.id WHERE NEW.place_written_id IS NOT OLD.place_written_id")
        + " END",
        f"CREATE TRIGGER search_document_ad AFTER DELETE ON archive_document WHEN {SQLITE_ACTIVE} BEGIN "
        f"INSERT INTO search_fts (search_fts, rowid, {fts_columns}) SELECT 'delete', OLD.id, {F('OLD.title')}, "
        f"{F('OLD.summary')}, {F('OLD.body')}, {F('e.names')} FROM search_searchentry e WHERE e.document_id = OLD.id; "
        "DELETE FROM search_searchentry WHERE document_id = OLD.id; END",
        # Entries: the names part of the indexed row.
        f"CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry WHEN {SQLITE_ACTIVE} BEGIN "
        f"INSERT INTO search_fts (rowid, {fts_columns}) SELECT d.id, {F('d.title')}, {F('d.summary')}, {F('d.body')}, "
        f"{F('NEW.names')} FROM archive_document d WHERE d.id = NEW.document_id; END",
        f"CREATE TRIGGER search_entry_au AFTER UPDATE OF names ON search_searchentry "
        f"WHEN {SQLITE_ACTIVE} AND OLD.names IS NOT NEW.names BEGIN "
        f"INSERT INTO search_fts (search_fts, rowid, {fts_columns}) SELECT 'delete', d.id, {F('d.title')}, "
        f"{F('d.summary')}, {F('d.body')}, {F('OLD.names')} FROM archive_document d WHERE d.id = OLD.document_id; "
        f"INSERT INTO search_fts (rowid, {fts_columns}) SELECT d.id, {F('d.title')}, {F('d.summary')}, {F('d.body')}, "
        f"{F('NEW.names')} FROM archive_document d WHERE d.id = NEW.document_id; END",
        # Roles: who is linked to a document.
        f"CREATE TRIGGER search_role_ai AFTER INSERT ON archive_role WHEN {SQLITE_ACTIVE} BEGIN "
        + sqlite_upsert("NEW.document_id") + " END",
        f"CREATE TRIGGER search_role_ad AFTER DELETE ON archive_role WHEN {SQLITE_ACTIVE} BEGIN "
        + sqlite_upsert("OLD.document_id") + " END",
        f"CREATE TRIGGER search_role_au AFTER UPDATE ON archive_role WHEN {SQLITE_ACTIVE} BEGIN "
        + sqlite_upsert("SELECT OLD.document_id UNION SELECT NEW.document_id") + " END",
    ]
    for entity in ENTITIES:
        table, names_table = f"archive_{entity}", f"archive_{entity}name"
        watched = "OLD.name IS NOT NEW.name" + (" OR OLD.is_private IS NOT NEW.is_private" if entity == "person" else "")
        statements += [
            f"CREATE TRIGGER search_{entity}_ai AFTER INSERT ON {table} WHEN {SQLITE_ACTIVE} BEGIN {SQLITE_BUMP} END",
            f"CREATE TRIGGER search_{entity}_ad AFTER DELETE ON {table} WHEN {SQLITE_ACTIVE} BEGIN {SQLITE_BUMP} END",
            f"CREATE TRIGGER search_{entity}_au AFTER UPDATE ON {table} WHEN {SQLITE_ACTIVE} BEGIN "
            + sqlite_upsert(f"SELECT document_id FROM ({sqlite_documents_of(entity, 'NEW.id')}) WHERE {watched}")
            + f" {SQLITE_BUMP} END",
            f"CREATE TRIGGER search_{names_table}_ai AFTER INSERT ON {names_table} WHEN {SQLITE_ACTIVE} BEGIN "
            + sqlite_upsert(sqlite_documents_of(entity, f"NEW.{entity}_id")) + f" {SQLITE_BUMP} END",
            f"CREATE TRIGGER search_{names_table}_ad AFTER DELETE ON {names_table} WHEN {SQLITE_ACTIVE} BEGIN "
            + sqlite_upsert(sqlite_documents_of(entity, f"OLD.{entity}_id")) + f" {SQLITE_BUMP} END",
            f"CREATE TRIGGER search_{names_table}_au AFTER UPDATE ON {names_table} WHEN {SQLITE_ACTIVE} BEGIN "
            + sqlite_upsert(
                f"{sqlite_documents_of(entity, f'OLD.{entity}_id')} UNION {sqlite_documents_of(entity, f'NEW.{entity}_id')}"
            )
            + f" {SQLITE_BUMP} END",
        ]
    # Everything already in the database (a migrate on an existing archive).
    statements += [
        "INSERT INTO search_searchentry (document_id, names) SELECT document_id, names FROM search_document_names",
        "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
    ]
    return statements


def sqlite_backward() -> list[str]:
    drops = [f"DROP TRIGGER IF EXISTS search_{name}" for name in (
        "document_ai", "document_au", "document_ad", "entry_ai", "entry_au", "role_ai", "role_ad", "role_au",
    )]
    for entity in ENTITIES:
        for suffix in ("ai", "ad", "au"):
            drops += [f"DROP TRIGGER IF EXISTS search_{entity}_{suffix}",
                      f"DROP TRIGGER IF EXISTS search_archive_{entity}name_{suffix}"]
    return drops + [
        "DROP TABLE IF EXISTS search_fts", "DROP VIEW IF EXISTS search_fts_content",
        "DROP VIEW IF EXISTS search_document_names", "DELETE FROM search_searchentry", "DELETE FROM search_searchstate",
    ]


# ---------------------------------------------------------------- PostgreSQL

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # English stemming with accents removed first; stop words as in `english`.
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'archive_search') THEN "
    "CREATE TEXT SEARCH CONFIGURATION archive_search (COPY = pg_catalog.english); "
    "ALTER TEXT SEARCH CONFIGURATION archive_search ALTER MAPPING FOR hword, hword_part, word "
    "WITH unaccent, english_stem; END IF; END $$",
    pg_fold_function(),
    "INSERT INTO search_searchstate (id, token, deferred) VALUES (1, 'initial', false)",
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
    # The default statistics target keeps too few lexemes to tell a rare term from an unknown
    # one; the planner then guesses badly between the GIN index and a scan.
    "ALTER TABLE search_searchentry ALTER COLUMN vector SET STATISTICS 1000",
    "CREATE OR REPLACE FUNCTION search_active() RETURNS boolean LANGUAGE sql STABLE AS $$ "
    "SELECT NOT EXISTS (SELECT 1 FROM search_searchstate WHERE deferred) $$",
    "CREATE OR REPLACE FUNCTION search_names(doc bigint) RETURNS text LANGUAGE sql STABLE AS $$ "
    "SELECT COALESCE(string_agg(n, ' ; ' ORDER BY n), '') FROM ("
    + NAMES_UNION.format(doc="doc", place_written="(SELECT place_written_id FROM archive_document WHERE id = doc)")
    + ") AS names $$",
    "CREATE OR REPLACE FUNCTION search_refresh(docs bigint[]) RETURNS void LANGUAGE sql AS $$ "
    "INSERT INTO search_searchentry (document_id, names, vector) "
    "SELECT d.id, n.names, "
    "setweight(to_tsvector('archive_search', search_fold(d.title)), 'A') || "
    "setweight(to_tsvector('archive_search', search_fold(n.names)), 'A') || "
    "setweight(to_tsvector('archive_search', search_fold(d.summary)), 'B') || "
    "setweight(to_tsvector('archive_search', search_fold(d.body)), 'D') "
    "FROM archive_document d CROSS JOIN LATERAL (SELECT search_names(d.id) AS names) n "
    "WHERE d.id IN (SELECT unnest(docs)) "
    "ON CONFLICT (document_id) DO UPDATE SET names = excluded.names, vector = excluded.vector $$",
    "CREATE OR REPLACE FUNCTION search_document_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NOT search_active() THEN RETURN NULL; END IF; "
    "IF TG_OP = 'DELETE' THEN DELETE FROM search_searchentry WHERE document_id = OLD.id; RETURN NULL; END IF; "
    "IF TG_OP = 'INSERT' OR OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary "
    "OR OLD.body IS DISTINCT FROM NEW.body OR OLD.place_written_id IS DISTINCT FROM NEW.place_written_id THEN "
    "PERFORM search_refresh(ARRAY[NEW.id]); END IF; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION search_role_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NOT search_active() THEN RETURN NULL; END IF; "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM search_refresh(ARRAY[OLD.document_id]); END IF; "
    "IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM search_refresh(ARRAY[NEW.document_id]); END IF; "
    "RETURN NULL; END $$",
    # For an entity table TG_ARGV = (entity, 'id'); for its names table (entity, '<entity>_id').
    "CREATE OR REPLACE FUNCTION search_entity_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE entity text := TG_ARGV[0]; ref text := TG_ARGV[1]; ids bigint[] := '{}'; row_ids bigint[] := '{}'; "
    "BEGIN "
    "IF NOT search_active() THEN RETURN NULL; END IF; "
    "INSERT INTO search_searchstate (id, token, deferred) VALUES (1, md5(random()::text || clock_timestamp()::text), "
    "false) ON CONFLICT (id) DO UPDATE SET token = excluded.token; "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN row_ids := row_ids || (to_jsonb(OLD) ->> ref)::bigint; END IF; "
    "IF TG_OP IN ('UPDATE', 'INSERT') THEN row_ids := row_ids || (to_jsonb(NEW) ->> ref)::bigint; END IF; "
    "IF ref = 'id' AND (TG_OP <> 'UPDATE' OR (to_jsonb(OLD) ->> 'name') IS NOT DISTINCT FROM (to_jsonb(NEW) ->> 'name') "
    "AND (to_jsonb(OLD) ->> 'is_private') IS NOT DISTINCT FROM (to_jsonb(NEW) ->> 'is_private')) THEN RETURN NULL; END IF; "
    "EXECUTE format('SELECT array_agg(DISTINCT document_id) FROM archive_role WHERE %I = ANY($1)', entity || '_id') "
    "INTO ids USING row_ids; "
    "IF entity = 'place' THEN ids := COALESCE(ids, '{}') || ARRAY(SELECT id FROM archive_document "
    "WHERE place_written_id = ANY(row_ids)); END IF; "
    "IF ids IS NOT NULL AND cardinality(ids) > 0 THEN PERFORM search_refresh(ids); END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_document_changed AFTER INSERT OR UPDATE OR DELETE ON archive_document "
    "FOR EACH ROW EXECUTE FUNCTION search_document_changed()",
    "CREATE TRIGGER search_role_changed AFTER INSERT OR UPDATE OR DELETE ON archive_role "
    "FOR EACH ROW EXECUTE FUNCTION search_role_changed()",
]
for _entity in ENTITIES:
    PG_FORWARD += [
        f"CREATE TRIGGER search_{_entity}_changed AFTER INSERT OR UPDATE OR DELETE ON archive_{_entity} "
        f"FOR EACH ROW EXECUTE FUNCTION search_entity_changed('{_entity}', 'id')",
        f"CREATE TRIGGER search_{_entity}name_changed AFTER INSERT OR UPDATE OR DELETE ON archive_{_entity}name "
        f"FOR EACH ROW EXECUTE FUNCTION search_entity_changed('{_entity}', '{_entity}_id')",
    ]
PG_FORWARD.append("SELECT search_refresh(ARRAY(SELECT id FROM archive_document))")

PG_BACKWARD = (
    [f"DROP TRIGGER IF EXISTS search_{e}_changed ON archive_{e}" for e in ENTITIES]
    + [f"DROP TRIGGER IF EXISTS search_{e}name_changed ON archive_{e}name" for e in ENTITIES]
    + [
        "DROP TRIGGER IF EXISTS search_role_changed ON archive_role",
        "DROP TRIGGER IF EXISTS search_document_changed ON archive_document",
        "DROP FUNCTION IF EXISTS search_entity_changed()", "DROP FUNCTION IF EXISTS search_role_changed()",
        "DROP FUNCTION IF EXISTS search_document_changed()", "DROP FUNCTION IF EXISTS search_refresh(bigint[])",
        "DROP FUNCTION IF EXISTS search_names(bigint)", "DROP FUNCTION IF EXISTS search_active()",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector",
        "DROP FUNCTION IF EXISTS search_fold(text)",
        "DELETE FROM search_searchentry", "DELETE FROM search_searchstate",
    ]
)


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(sqlite_forward())(apps, schema_editor)
    elif vendor == "postgresql":
        _run(PG_FORWARD)(apps, schema_editor)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(sqlite_backward())(apps, schema_editor)
    elif vendor == "postgresql":
        _run(PG_BACKWARD)(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_tables"),
        ("archive", "0002_curators_group"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
