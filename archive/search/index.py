"""Maintaining the index as a whole: rebuilding it, checking it, and bulk loads.

Row by row, the triggers of migration 0002 keep the index right. These functions are for
the cases triggers cannot serve well: a rebuild from scratch, a load of many thousands of
documents (where re-indexing each document once per role would be wasteful), and a check
that the index still matches the documents.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

from .models import SearchState


def _set_state(*, deferred: bool) -> None:
    # The row may be missing after a `flush`. Every token changes: what a load writes is in
    # no change log.
    SearchState.objects.update_or_create(
        pk=1, defaults={"deferred": deferred, "token": secrets.token_hex(8), "documents_token": secrets.token_hex(8),
                        "changes_token": secrets.token_hex(8)}
    )


def rebuild_index() -> int:
    """Rebuild every entry and the full-text index from the documents; returns how many
    documents are indexed."""
    with transaction.atomic(), connection.cursor() as cursor:
        _set_state(deferred=True)
        cursor.execute("DELETE FROM search_searchentry")
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO search_searchentry (document_id, names) SELECT document_id, names FROM search_document_names"
            )
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
            # Merge the index's segments into one: faster queries after a large load.
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            _rebuild_postgresql(cursor)
        _set_state(deferred=False)
        cursor.execute("SELECT COUNT(*) FROM search_searchentry")
        count = cursor.fetchone()[0]
    # Fresh statistics, or after a large load the planners pick scans over key look-ups.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry" if connection.vendor == "postgresql" else "ANALYZE")
    return count


# Every (document, name) pair `search_names()` of migration 0002 unions for one document,
# for all documents at once; the visibility rule is the same (no private person's names).
_PG_NAME_PAIRS = """
    SELECT r.document_id, e.name AS n FROM archive_role r JOIN archive_person e ON e.id = r.person_id
        WHERE NOT e.is_private
    UNION ALL SELECT r.document_id, v.name FROM archive_role r JOIN archive_person e ON e.id = r.person_id
        JOIN archive_personname v ON v.person_id = e.id WHERE NOT e.is_private
    UNION ALL SELECT r.document_id, e.name FROM archive_role r JOIN archive_organisation e ON e.id = r.organisation_id
    UNION ALL SELECT r.document_id, v.name FROM archive_role r
        JOIN archive_organisationname v ON v.organisation_id = r.organisation_id
    UNION ALL SELECT r.document_id, e.name FROM archive_role r JOIN archive_place e ON e.id = r.place_id
    UNION ALL SELECT r.document_id, v.name FROM archive_role r JOIN archive_placename v ON v.place_id = r.place_id
    UNION ALL SELECT d.id, e.name FROM archive_document d JOIN archive_place e ON e.id = d.place_written_id
    UNION ALL SELECT d.id, v.name FROM archive_document d JOIN archive_placename v ON v.place_id = d.place_written_id
    UNION ALL SELECT r.document_id, r.name_as_written FROM archive_role r LEFT JOIN archive_person e ON e.id = r.person_id
        WHERE r.name_as_written <> '' AND (e.id IS NULL OR NOT e.is_private)
"""


def _rebuild_postgresql(cursor) -> None:
    """The whole index in one statement: the same names and vector `search_refresh()` computes
    for one document, computed for every document with joins and one aggregate (calling the
    function per document took more than 14 minutes for 100,000 documents)."""
    # Filling a GIN index row by row is much slower than building it over the filled table.
    cursor.execute("DROP INDEX IF EXISTS search_entry_vector")
    cursor.execute(
        "INSERT INTO search_searchentry (document_id, names, vector) "
        "SELECT d.id, COALESCE(a.names, ''), "
        "setweight(to_tsvector('archive_search', search_fold(d.title)), 'A') || "
        "setweight(to_tsvector('archive_search', search_fold(a.names)), 'A') || "
        "setweight(to_tsvector('archive_search', search_fold(d.summary)), 'B') || "
        "setweight(to_tsvector('archive_search', search_fold(d.body)), 'D') "
        "FROM archive_document d LEFT JOIN (SELECT document_id, string_agg(DISTINCT n, ' ; ' ORDER BY n) AS names "
        f"FROM ({_PG_NAME_PAIRS}) AS pairs GROUP BY document_id) a ON a.document_id = d.id"
    )
    cursor.execute("CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)")


@contextmanager
def deferred_indexing():
    """For bulk loads: inside this block (one transaction) the index triggers do nothing;
    at its end the index is rebuilt once. Other connections never see the triggers off,
    since the switch is a row written and reset inside this same transaction.

        with deferred_indexing():
            Document.objects.bulk_create(documents)
            Role.objects.bulk_create(roles)
    """
    with transaction.atomic():
        _set_state(deferred=True)
        yield
        rebuild_index()


def index_problems() -> list[str]:
    """What is wrong with the index, in words; empty when it matches the documents."""
    problems = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT (SELECT COUNT(*) FROM archive_document d WHERE NOT EXISTS "
                "(SELECT 1 FROM search_fts_docsize s WHERE s.id = d.id)), "
                "(SELECT COUNT(*) FROM search_fts_docsize s WHERE NOT EXISTS "
                "(SELECT 1 FROM archive_document d WHERE d.id = s.id))"
            )
            missing, orphans = cursor.fetchone()
            if missing:
                problems.append(f"{missing} documents are not in the full-text index.")
            if orphans:
                problems.append(f"{orphans} full-text rows belong to no document.")
            if not problems:
                try:
                    # Compares the index with the text it was built from (rank 1 = against the content).
                    cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
                except DatabaseError as exc:
                    problems.append(f"The full-text index does not match the documents: {exc}.")
            cursor.execute(
                "SELECT COUNT(*) FROM search_document_names n LEFT JOIN search_searchentry e "
                "ON e.document_id = n.document_id WHERE e.names IS NOT n.names"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COUNT(*) FROM archive_document d LEFT JOIN search_searchentry e ON e.document_id = d.id "
                "WHERE e.document_id IS NULL OR e.names IS DISTINCT FROM search_names(d.id)"
            )
        else:
            return problems
        stale = cursor.fetchone()[0]
        if stale:
            problems.append(f"{stale} documents have stale or missing linked names in the index.")
    return problems


def repair_after_flush(**kwargs) -> None:
    """`flush` (run between transactional tests) empties the tables without telling the
    SQLite full-text table, whose rows would then clash with the next documents: rebuild
    when the index no longer matches. Cheap when it does."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'search_fts'")
        if cursor.fetchone() is None:
            return
    if index_problems():
        rebuild_index()
