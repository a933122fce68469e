"""The benchmarks' corpus: a deterministic archive of any size, loaded by the bulk path.

    from corpus import generate
    generate(1_000_000)

Records (30 topics, 5,000 people of whom 1 in 50 are private, 500 organisations with
acronyms and variant names, 200 places) go through `bulk_create`; there are few of them.
Documents, their roles and their topic links are the bulk, and at a million documents the
ORM is the bottleneck (model instances, one `INSERT … VALUES` per batch: about five hours
on a 2-core machine), so they are written as rows:

* words are drawn with numpy, a whole batch at once, from a Zipf-distributed vocabulary of
  20,000 pseudo-words; the common word is in half the documents, the rare word in 12;
* ids are assigned here, so that roles and topic links need no read-back of the documents;
* PostgreSQL takes each table by `COPY … FROM STDIN`; SQLite by `executemany` of one
  prepared `INSERT`, all in the one transaction of `deferred_indexing`;
* the full-text index is built once at the end (`deferred_indexing` switches the index
  triggers off for the load and rebuilds the index when it ends), and the id sequences
  are moved past the ids written.

Every column a document row needs but the corpus does not vary takes its model default,
prepared once by the field itself, so a field added to `Document` later needs no change here.
"""

from __future__ import annotations

import datetime
import functools
import random
import time

import numpy as np

SEED = 20240917
KINDS = ["letter", "open_letter", "cable", "article", "report", "statement", "testimony", "speech"]
LANGUAGES = ["en"] * 8 + ["fa", "ar", "fr"]
COMMON_WORD = "report"  # in half of the documents
RARE_WORD = "zephyrine"  # in 12 documents
SYLLABLES = "ka ri mo na ta shi ra de lo vi qu en as ol ur ba zi fe go hu ja ke lu ma ne po sa te vo ye".split()
BODY_WORDS, PARAGRAPH_WORDS, SUMMARY_WORDS = 400, 80, 30
BATCH = 10_000


def pseudo_word(rng: random.Random, low=1, high=4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))


def generate(documents: int) -> None:
    from archive.search.index import deferred_indexing

    rng = random.Random(SEED)
    vocabulary = sorted({pseudo_word(rng) for _ in range(30_000)} - {COMMON_WORD, RARE_WORD})[:20_000]
    started = time.perf_counter()
    with deferred_indexing():
        records = _records(rng)
        writer = _RowWriter()
        drawer = _Drawer(vocabulary, records)
        drawer.first_ids = {table: writer.next_id(table) for table in _Drawer.TABLES}
        drawing = writing = 0.0
        for start in range(0, documents, BATCH):
            t0 = time.perf_counter()
            rows = drawer.batch(start, min(BATCH, documents - start), documents)
            t1 = time.perf_counter()
            for table, table_rows in rows.items():
                writer.write(table, table_rows)
            drawing, writing = drawing + t1 - t0, writing + time.perf_counter() - t1
            print(f"  {start + len(rows['archive_document'])} documents", flush=True)
        writer.reset_sequences()
        print(f"  drawn in {drawing:.0f} s, written in {writing:.0f} s; building the full-text index…", flush=True)
        indexing = time.perf_counter()
    print(f"  full-text index built in {time.perf_counter() - indexing:.0f} s", flush=True)
    print(f"Generated {documents} documents in {time.perf_counter() - started:.0f} s.", flush=True)


def _records(rng: random.Random) -> dict:
    """Topics, people, organisations and places, with their other names (ORM bulk path)."""
    from archive.models import Organisation, OrganisationName, Person, PersonName, Place, PlaceName, Topic
    from archive.text import name_key

    topics = Topic.objects.bulk_create(
        Topic(name=f"Topic {pseudo_word(rng).title()} {n}", slug=f"topic-{n}") for n in range(30)
    )
    people = []
    for n in range(5000):
        name = f"{pseudo_word(rng, 2, 3).title()} {pseudo_word(rng, 2, 4).title()}"
        people.append(Person(name=name, name_key=name_key(name), slug=f"person-{n}", is_private=n % 50 == 0))
    Person.objects.bulk_create(people, batch_size=2000)
    person_names = []
    for person in people:
        surname = person.name.split()[1]
        for alias in sorted({surname, person.name.replace("a", "e", 1)} - {person.name}):
            person_names.append(PersonName(person=person, name=alias, key=name_key(alias)))
    PersonName.objects.bulk_create(person_names, batch_size=5000, ignore_conflicts=True)

    orgs, org_names, acronyms = [], [], set()
    for n in range(500):
        parts = [pseudo_word(rng, 2, 3).title() for _ in range(3)]
        name = " ".join(parts) + " " + rng.choice(["Front", "Council", "Union", "Movement", "Ministry"])
        orgs.append(Organisation(name=name, name_key=name_key(name), slug=f"organisation-{n}"))
    Organisation.objects.bulk_create(orgs)
    for org in orgs:
        acronym = "".join(w[0] for w in org.name.split()).upper()
        if acronym in acronyms:
            acronym += str(len(acronyms))
        acronyms.add(acronym)
        for alias in (acronym, org.name.replace(" ", "-", 1), "The " + org.name):
            org_names.append(OrganisationName(organisation=org, name=alias, key=name_key(alias), kind="acronym"))
    OrganisationName.objects.bulk_create(org_names, batch_size=5000, ignore_conflicts=True)

    places = [Place(name=f"Camp {pseudo_word(rng, 2, 3).title()}", slug=f"place-{n}") for n in range(200)]
    for place in places:
        place.name_key = name_key(place.name)
    Place.objects.bulk_create(places)
    PlaceName.objects.bulk_create(
        [PlaceName(place=p, name=p.name.split()[1] + " Camp", key=name_key(p.name.split()[1] + " Camp")) for p in places]
    )
    return {"topics": topics, "people": people, "orgs": orgs, "places": places}


class _Drawer:
    """Draws each batch of documents, roles and topic links with one numpy generator."""

    TABLES = ("archive_document", "archive_role", "archive_document_topics")

    def __init__(self, vocabulary: list[str], records: dict):
        from archive.models import Document, Role, RoleKind, Status

        self.np = np.random.default_rng(SEED)
        self.words = np.array(vocabulary, dtype=object)
        weights = 1 / np.arange(1, len(vocabulary) + 1)  # Zipf-like
        self.cumulative = np.cumsum(weights / weights.sum())
        self.people = np.array([p.pk for p in records["people"]])
        self.person_names = [p.name for p in records["people"]]
        self.orgs = np.array([o.pk for o in records["orgs"]])
        self.org_names = [o.name for o in records["orgs"]]
        self.places = np.array([p.pk for p in records["places"]])
        self.topics = np.array([t.pk for t in records["topics"]])
        self.document_columns = _columns(Document, {
            "id", "slug", "title", "kind", "status", "date_edtf", "date_lower", "date_upper", "date_stated",
            "language", "summary", "body", "place_written_id", "created_at", "updated_at", "published_at",
        })
        self.role_columns = _columns(Role, {"id", "document_id", "role", "person_id", "organisation_id"})
        self.role_kinds = (RoleKind.PUBLISHER.value, RoleKind.AUTHOR.value, RoleKind.MENTIONED.value)
        self.published, self.draft = Status.PUBLISHED.value, Status.DRAFT.value
        self.now = datetime.datetime.now(datetime.UTC)
        self.rare_positions = None

    def _draw_words(self, n: int, k: int) -> np.ndarray:
        return np.searchsorted(self.cumulative, self.np.random((n, k)), side="right").clip(0, len(self.words) - 1)

    def batch(self, start: int, n: int, total: int) -> dict[str, list[tuple]]:
        if self.rare_positions is None:
            self.rare_positions = set(random.Random(SEED).sample(range(total), min(12, total)))
        g = self.np
        bodies = self.words[self._draw_words(n, BODY_WORDS)]
        summaries = self.words[self._draw_words(n, SUMMARY_WORDS)]
        title_words = self.words[self._draw_words(n, 12)]
        title_lengths = g.integers(5, 13, n)
        spots = g.integers(0, BODY_WORDS, (n, 4))
        common, org_named, person_named = g.random(n) < 0.5, g.random(n) < 0.2, g.random(n) < 0.2
        # Publishers Pareto-distributed: a few organisations publish most documents.
        org_index = np.minimum((g.pareto(1.2, n) + 1).astype(int) - 1, len(self.orgs) - 1)
        person_index = g.integers(0, len(self.people), (n, 2))
        topic_index = g.integers(0, len(self.topics), n)
        place_index = np.where(g.random(n) < 0.3, g.integers(0, len(self.places), n), -1)
        kinds = g.integers(0, len(KINDS), n)
        languages = g.integers(0, len(LANGUAGES), n)
        years = g.integers(1960, 2021, n)
        months, days, spans = g.integers(1, 13, n), g.integers(1, 29, n), g.integers(1, 5, n)
        precision = g.integers(0, 5, n)
        variant = g.random(n) < 0.5

        documents, roles, links = [], [], []
        for i in range(n):
            number = start + i
            pk = self.first_ids["archive_document"] + number
            body = bodies[i]
            if common[i]:
                body[spots[i, 0]] = COMMON_WORD
            if number in self.rare_positions:
                body[spots[i, 1]] = RARE_WORD
            org_name = self.org_names[org_index[i]]
            if org_named[i]:
                body[spots[i, 2]] = org_name.replace(" ", "-", 1) if variant[i] else org_name
            if person_named[i]:
                body[spots[i, 3]] = self.person_names[person_index[i, 0]]
            paragraphs = "\n\n".join(
                " ".join(body[p : p + PARAGRAPH_WORDS]).capitalize() + "." for p in range(0, BODY_WORDS, PARAGRAPH_WORDS)
            )
            year = int(years[i])
            date = (f"{year}", f"{year}-{months[i]:02d}", f"{year}-{months[i]:02d}-{days[i]:02d}",
                    f"{year}/{year + int(spans[i])}", "")[precision[i]]
            bounds = parse_bounds(date)
            published = number % 20 != 0
            documents.append(self.document_columns.row({
                "id": pk, "slug": f"doc-{number}", "title": " ".join(title_words[i, : title_lengths[i]]).capitalize(),
                "kind": KINDS[kinds[i]], "status": self.published if published else self.draft,
                "date_edtf": date, "date_lower": bounds.lower, "date_upper": bounds.upper,
                "date_stated": bounds.stated, "language": LANGUAGES[languages[i]],
                "summary": " ".join(summaries[i]).capitalize() + ".", "body": paragraphs,
                "place_written_id": int(self.places[place_index[i]]) if place_index[i] >= 0 else None,
                "created_at": self.now, "updated_at": self.now, "published_at": self.now if published else None,
            }))
            first, second = int(self.people[person_index[i, 0]]), int(self.people[person_index[i, 1]])
            role_id = self.first_ids["archive_role"] + 3 * number  # ids may skip: fine for a sequence
            roles.append(self.role_columns.row({"id": role_id, "document_id": pk, "role": self.role_kinds[0],
                                                "person_id": None, "organisation_id": int(self.orgs[org_index[i]])}))
            roles.append(self.role_columns.row({"id": role_id + 1, "document_id": pk, "role": self.role_kinds[1],
                                                "person_id": first, "organisation_id": None}))
            roles.append(self.role_columns.row({"id": role_id + 2, "document_id": pk, "role": self.role_kinds[2],
                                                "person_id": second, "organisation_id": None}))
            links.append((self.first_ids["archive_document_topics"] + number, pk, int(self.topics[topic_index[i]])))
        return {"archive_document": documents, "archive_role": roles, "archive_document_topics": links}


@functools.lru_cache(maxsize=100_000)
def parse_bounds(edtf: str):
    """The archive's own reading of a date; a corpus repeats its dates, so each is read once."""
    from archive.dates import parse_bounds

    return parse_bounds(edtf)


class _Columns:
    """A table's columns in order, each given by the corpus or by its model default."""

    def __init__(self, names: list[str], defaults: dict[str, object], prepare):
        self.names, self.defaults, self.prepare = names, defaults, prepare

    def row(self, values: dict) -> tuple:
        return tuple(self.prepare[name](values[name]) if name in values else self.defaults[name] for name in self.names)


# Values the corpus gives as the driver takes them already: no per-value trip through the
# field (which was half the time of drawing a batch).
_AS_GIVEN = {"CharField", "TextField", "SlugField", "AutoField", "BigAutoField", "ForeignKey", "IntegerField",
             "BigIntegerField", "PositiveSmallIntegerField", "BooleanField"}


def _columns(model, given: set[str]) -> _Columns:
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields]
    defaults, prepare = {}, {}
    for field in fields:
        kind = field.get_internal_type()
        if field.attname not in given:
            defaults[field.attname] = field.get_db_prep_save(field.get_default(), connection)
        elif kind in _AS_GIVEN:
            prepare[field.attname] = lambda value: value
        elif kind == "DateField":
            prepare[field.attname] = connection.ops.adapt_datefield_value
        else:  # timestamps: the same few values in every row
            prepare[field.attname] = functools.lru_cache(maxsize=1024)(
                lambda value, field=field: field.get_db_prep_save(value, connection)
            )
    return _Columns([f.attname for f in fields], defaults, prepare)


class _RowWriter:
    """Rows into tables: COPY on PostgreSQL, one prepared INSERT on SQLite."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # The tables' indexes are written out of order: 256 MB of page cache for
                # this connection keeps them in memory for the load.
                cursor.execute("PRAGMA cache_size = -262144")
        self.columns: dict[str, list[str]] = {}
        self.written: set[str] = set()

    def _names(self, table: str) -> list[str]:
        if table not in self.columns:
            from django.apps import apps

            model = next(m for m in apps.get_models(include_auto_created=True) if m._meta.db_table == table)
            self.columns[table] = [f.column for f in model._meta.concrete_fields]
        return self.columns[table]

    def next_id(self, table: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            return cursor.fetchone()[0]

    def write(self, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        self.written.add(table)
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in self._names(table))
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(rows[0]))
            self.connection.connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def reset_sequences(self) -> None:
        """PostgreSQL's id sequences past the ids written here (SQLite needs nothing)."""
        from django.apps import apps
        from django.core.management.color import no_style

        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in self.written]
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
