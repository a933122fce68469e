"""The search index's own tables.

`SearchEntry` holds, per document, the names of the public people, organisations and
places linked to it (every alias included), so the full-text index can match a document on
a name it never spells out. On PostgreSQL the row also carries the document's `tsvector`
(a column added by migration 0002, unknown to the ORM); on SQLite the FTS5 table
`search_fts` reads its content through a view over `archive_document` and this table.

Both tables are written by database triggers (migration 0002), not by Python, so that every
write path keeps the index in step: the admin, the ORM, `bulk_create`, `QuerySet.update`,
`loaddata`'s raw saves and cascaded deletes.
"""

from django.db import models

from archive.models import Document


class SearchEntry(models.Model):
    # No database constraint and DO_NOTHING: the delete trigger removes the row, so Django's
    # deletion collector has nothing to cascade (and no extra query per deleted document).
    document = models.OneToOneField(
        Document, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True, related_name="search_entry"
    )
    names = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "search index entry"
        verbose_name_plural = "search index entries"


class SearchState(models.Model):
    """One row. `token` changes whenever a public name changes (a new alias, a person made
    private…), so every process can tell cheaply that its cached name list is stale;
    `documents_token` likewise for the cached document columns.
    `changes_token` and `pruned_through` say what the change log (`DocumentChange`) does
    not hold: a reader that applied it up to some id is current by the log alone if the
    token is the one it saw and no row after that id was pruned (migration 0008).
    `deferred` switches the triggers off inside a bulk load (see `archive.search.index`); it
    is only ever true inside that load's own transaction, so no other connection sees it."""

    token = models.CharField(max_length=32, default="initial")
    # Changes on any write the in-memory columns of `archive.search.columns` read (migration
    # 0004). A database default, because the older triggers insert the row without it.
    documents_token = models.CharField(max_length=32, db_default="initial")
    # Changes only with a bulk load, whose writes the change log never holds.
    changes_token = models.CharField(max_length=32, db_default="initial")
    # The last change log id the prune has dropped (0: none).
    pruned_through = models.BigIntegerField(db_default=0)
    deferred = models.BooleanField(default=False)


class DocumentChange(models.Model):
    """The change log of the in-memory document columns: one row per document written.

    Database triggers (migration 0007) add a row, in the writing transaction, for every
    insert, update or delete of a document, a role or a topic link, naming the document,
    and (migration 0008) for every document whose linked names change (a person renamed
    or made private, an alias added); each process reads the rows after the last it
    applied and re-reads only those documents (`archive.search.columns`,
    `archive.search.ranking`). Writes to people, organisations, places and topics also
    change `SearchState.documents_token`, on which the columns read the records again
    (names, slugs, who is public), keeping their links. The triggers keep the last 10,000 rows and, when they drop older
    ones, change `documents_token` and record the last id dropped in
    `SearchState.pruned_through`, so a reader that missed dropped rows starts afresh instead
    of missing a change.
    """

    id = models.BigAutoField(primary_key=True)
    # No constraint: the row outlives a deleted document, whose deletion it records.
    document_id = models.BigIntegerField()

    class Meta:
        verbose_name = "document change"
