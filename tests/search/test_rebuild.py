"""A rebuild from scratch gives every document the same index row the triggers keep."""

import pytest
from django.db import connection

from archive.models import PersonName, Role, RoleKind
from archive.search.index import index_problems, rebuild_index

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based rebuild is PostgreSQL's"),
]


def index_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_id, names, vector::text FROM search_searchentry ORDER BY document_id")
        return cursor.fetchall()


def test_set_based_rebuild_matches_the_rows_the_triggers_keep(corpus, make_document, make_person):
    docs, private = corpus["docs"], corpus["private"]
    # A place of writing with aliases, names as written (one for a private person), a second
    # alias added after the role: every source of names, kept by the triggers.
    written = make_document(slug="written", title="Report from the camp", body="Written at the gate.")
    written.place_written = corpus["camp"]
    written.save()
    Role.objects.create(document=written, role=RoleKind.AUTHOR, person=corpus["leader"], name_as_written="F. Tahir")
    Role.objects.create(document=written, role=RoleKind.MENTIONED, person=private, name_as_written="L. Quorn")
    # The same person twice, once written as one of the names already listed: each name once.
    Role.objects.create(document=written, role=RoleKind.MENTIONED, person=corpus["leader"], name_as_written="Farid Tahiri")
    Role.objects.create(document=written, role=RoleKind.MENTIONED, organisation=corpus["front"], name_as_written="the Front")
    PersonName.objects.create(person=corpus["leader"], name="Farid Tahir")
    make_person("Nobody Linked", aliases=["Unlinked Alias"])

    by_triggers = index_rows()
    rebuild_index()
    assert index_rows() == by_triggers

    names = dict((doc_id, names) for doc_id, names, _ in by_triggers)
    assert "Camp New Haven" in names[written.pk] and "Farid Tahir" in names[written.pk]
    assert names[written.pk].count("Farid Tahiri") == 1
    assert "the Front" in names[written.pk] and "HLF" in names[written.pk]
    assert "Quorn" not in names[written.pk] and "Quorn" not in names[docs["private"].pk]
    assert names[docs["draft"].pk] == "" and names[docs["full"].pk] == ""
    assert index_problems() == []


def test_vectors_stay_in_the_table_after_a_rebuild(make_document):
    """Stored in the table's own pages, so the planner prices a scan by what it reads
    (migration search.0005); a rebuild writes new rows, which must keep that storage.
    A 400-word body makes a vector of about 5 kB: kept in the row, no two such rows fit
    in one 8 kB page; moved out (the default), the rows are a few bytes and share one."""
    words = [f"{a}{b}{c}word" for a in "bcdfghjk" for b in "aeiou" for c in "lmnprst"][:400]
    long_documents = [make_document(slug=f"long-{n}", body=" ".join(words)).pk for n in range(3)]
    rebuild_index()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT (ctid::text::point)[0] FROM search_searchentry WHERE document_id = ANY(%s)",
            [long_documents],
        )
        assert len(cursor.fetchall()) == 3
