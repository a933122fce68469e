"""PostgreSQL: keep each document's `tsvector` in the table's own pages (`STORAGE MAIN`).

A 400-word document's vector is about 4.5 kB, so by default it went to the TOAST table and
`search_searchentry` itself was 22 MB for 100,000 documents. The planner prices a
sequential scan by the table's own pages, so it judged reading every vector cheap and
chose that over the GIN index for queries matching half the archive, although both read
the vectors of every candidate (the @@ test of a phrase and `ts_rank` need them): an
alias-expanded search took 1.4–1.7 s by a sequential scan and 0.65–1.1 s by the index.
With the vectors in the table, the scan is priced at what it reads, the index is chosen,
and reading a vector no longer goes through the TOAST index (a common word: 670 to
420–530 ms). It costs disk: one row per 8 kB page, about 780 MB for 100,000 documents
instead of 620 MB.

Existing vectors are rewritten once (`|| ''` makes a new value, stored the new way).
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE search_searchentry ALTER COLUMN vector SET STORAGE MAIN", params=None)
    schema_editor.execute("UPDATE search_searchentry SET vector = vector || ''::tsvector", params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE search_searchentry ALTER COLUMN vector SET STORAGE EXTENDED", params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_documents_token")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
