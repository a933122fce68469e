"""Indexes that let a search read its documents' facet columns without the document rows.

`archive_document` rows carry the full text, and on SQLite `place_written_id` is stored
after it: reading it for each match walked the row's overflow pages (174 ms for a term in
half of 100,000 documents; 95 ms with the index). So each index holds every column the
search statement reads from a document (id, status, kind, language, date bounds, place of
writing):

* `search_document_facets` leads with the id, for the join from full-text matches;
* `search_document_dates` and `search_document_kind_dates` lead with the visibility rule and
  the date (optionally the kind), for lists without a query: a range on the date bounds is
  answered from the index alone (146 ms to 2 ms for one kind over five years).

PostgreSQL keeps the same shape with `INCLUDE` columns; the join from the `tsvector` table
uses the primary key there.
"""

from django.db import migrations

SQLITE_INDEXES = {
    "search_document_facets": "(id, status, kind, language, date_lower, date_upper, place_written_id)",
    "search_document_dates": "(status, date_lower, date_upper, kind, language, place_written_id)",
    "search_document_kind_dates": "(status, kind, date_lower, date_upper, language, place_written_id)",
}
PG_INDEXES = {
    "search_document_dates": "(status, date_lower, date_upper) INCLUDE (kind, language, place_written_id)",
    "search_document_kind_dates": "(status, kind, date_lower, date_upper) INCLUDE (language, place_written_id)",
}


def _indexes(vendor):
    return {"sqlite": SQLITE_INDEXES, "postgresql": PG_INDEXES}.get(vendor, {})


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, columns in _indexes(vendor).items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON archive_document {columns}", params=None)
    if vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM archive_document)")
        populated = cursor.fetchone()[0]
    if populated:
        # An archive migrated in place: without statistics for the new indexes SQLite may
        # keep planning with the old ones until the next ANALYZE.
        schema_editor.execute("ANALYZE archive_document", params=None)


def backward(apps, schema_editor):
    for name in _indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
