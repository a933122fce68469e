"""What the archive proposes and the curator decides: imported pages, the guesses made from
them, mentions of known names, and passages shared between documents.

Nothing here is shown to readers. A guess only reaches a document, a role or a relation when
a curator accepts it (see `archive.curation.review`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.models import Document, DocumentRelationKind, Organisation, Person, Place
from archive.models.base import LinksOneEntity


class Decision(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class ImportedPage(models.Model):
    """One saved page turned into a draft; the hash makes importing it again a no-op."""

    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, unique=True)
    filename = models.CharField(_("file name"), max_length=500)
    size = models.PositiveIntegerField(_("size in bytes"))
    document = models.OneToOneField(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="imported_page"
    )
    raw_text = models.TextField(_("text as saved"), help_text=_("The page before the site furniture was removed."))
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    needs_splitting = models.BooleanField(_("compilation to split"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at", "pk"]
        verbose_name = _("imported page")
        verbose_name_plural = _("imported pages")

    def __str__(self):
        return self.filename


class SuggestionField(models.TextChoices):
    TITLE = "title", _("title")
    SUBTITLE = "subtitle", _("fuller title")
    KIND = "kind", _("kind")
    TOPIC = "topic", _("topic")
    AUTHOR = "author", _("author")
    AUTHOR_ORGANISATION = "author_organisation", _("author (organisation)")
    CO_SIGNATORY = "co_signatory", _("co-signatory")
    RECIPIENT = "recipient", _("recipient")
    RECIPIENT_ORGANISATION = "recipient_organisation", _("recipient (organisation)")
    PLACE_WRITTEN = "place_written", _("place written")
    DATE = "date", _("date")
    SOURCE_TITLE = "source_title", _("source site")
    CLASSIFICATION = "classification", _("classification marking")
    PROVENANCE = "provenance", _("handling and release lines")
    LANGUAGE = "language", _("language")
    ENCODING = "encoding", _("character encoding")
    SPLIT = "split", _("split into several documents")
    REMOVED = "removed", _("text removed as site furniture")


# Which record a name suggestion links to, and which role it becomes.
ENTITY_FIELDS = {
    SuggestionField.AUTHOR: ("person", "author"),
    SuggestionField.CO_SIGNATORY: ("person", "co_signatory"),
    SuggestionField.RECIPIENT: ("person", "recipient"),
    SuggestionField.RECIPIENT_ORGANISATION: ("organisation", "recipient"),
    SuggestionField.AUTHOR_ORGANISATION: ("organisation", "author"),
    SuggestionField.SOURCE_TITLE: ("organisation", "publisher"),
    SuggestionField.PLACE_WRITTEN: ("place", None),
}


class SuggestionQuerySet(models.QuerySet):
    def for_review(self):
        return self.select_related("person", "organisation", "place", "topic").order_by("order", "pk")

    def open(self):
        return self.filter(status=Decision.SUGGESTED)


class Suggestion(models.Model):
    """One guess about a draft, with the text it was made from.

    A name guess links to the record it recognised (by any alias), or to none: then
    accepting it creates a new record with that name.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="curation_suggestions")
    field = models.CharField(_("what"), max_length=30, choices=SuggestionField.choices)
    value = models.CharField(_("suggested value"), max_length=500)
    as_written = models.CharField(_("as written"), max_length=500, blank=True)
    source_text = models.TextField(_("taken from"), blank=True)
    note = models.CharField(_("why"), max_length=500, blank=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    topic = models.ForeignKey("archive.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Decision.choices, default=Decision.SUGGESTED, db_index=True)
    decided_value = models.CharField(_("value kept"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = _("import suggestion")
        verbose_name_plural = _("import suggestions")

    def __str__(self):
        return f"{self.get_field_display()}: {self.value}"

    @property
    def entity(self):
        return self.person or self.organisation or self.place

    @property
    def proposes_new_record(self) -> bool:
        return self.field in ENTITY_FIELDS and self.entity is None


class MentionQuerySet(models.QuerySet):
    def for_review(self):
        return self.select_related("document", "person", "organisation", "place").order_by("document", "start")

    def suggested(self):
        return self.filter(status=Decision.SUGGESTED)


class MentionSuggestion(LinksOneEntity, models.Model):
    """A known name found in a document's text at [start, end) of `Document.body`."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="mention_suggestions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="mention_suggestions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="mention_suggestions"
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, null=True, blank=True, related_name="mention_suggestions")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("as written"), max_length=300)
    status = models.CharField(max_length=10, choices=Decision.choices, default=Decision.SUGGESTED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = MentionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "start", "pk"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, organisation__isnull=True, place__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=False, place__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=True, place__isnull=False)
                ),
                name="mention_exactly_one_entity",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="mention_span_not_empty"),
            models.UniqueConstraint(fields=["document", "start", "end", "person"], name="mention_unique_person"),
            models.UniqueConstraint(
                fields=["document", "start", "end", "organisation"], name="mention_unique_organisation"
            ),
            models.UniqueConstraint(fields=["document", "start", "end", "place"], name="mention_unique_place"),
        ]

    def __str__(self):
        return f"“{self.text}” → {self.entity} ({self.document})"

    @property
    def entity_key(self) -> tuple[str, int]:
        return (self.entity_type, self.person_id or self.organisation_id or self.place_id)

    def context(self, width: int = 60) -> tuple[str, str, str]:
        body = self.document.body
        return body[max(0, self.start - width) : self.start], body[self.start : self.end], body[self.end : self.end + width]


class TextReuseQuerySet(models.QuerySet):
    def for_review(self):
        return self.select_related("source", "target")


class TextReuseProposal(models.Model):
    """`source` quotes or republishes `target`: the passages they share (found by `reuse`)."""

    KIND_CHOICES = [
        (DocumentRelationKind.QUOTES, DocumentRelationKind.QUOTES.label),
        (DocumentRelationKind.REPUBLISHES, DocumentRelationKind.REPUBLISHES.label),
    ]

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reuse_proposals_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reuse_proposals_in")
    kind = models.CharField(_("relation"), max_length=20, choices=KIND_CHOICES)
    containment = models.FloatField(_("share of the source found in the target"))
    shared_words = models.PositiveIntegerField(_("shared words"))
    passages = models.JSONField(
        _("shared passages"), default=list, help_text=_("[[source start, source end, target start, target end], …]")
    )
    reason = models.CharField(_("why this direction"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Decision.choices, default=Decision.SUGGESTED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = TextReuseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-shared_words", "pk"]
        verbose_name = _("shared text")
        verbose_name_plural = _("shared texts")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="text_reuse_unique_pair"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="text_reuse_not_self"),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"


class TextFingerprint(models.Model):
    """One shingle hash chosen from a document's text by winnowing (`archive.curation.reuse`).

    Two documents that share a passage long enough to matter share at least one row's hash,
    so the documents a new text may reuse are found by looking its hashes up here."""

    pk = models.CompositePrimaryKey("document", "hash")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    hash = models.BigIntegerField()

    class Meta:
        verbose_name = _("text fingerprint")
        # (hash, document): the lookup by hash answers from the index alone.
        indexes = [models.Index(fields=["hash", "document"], name="text_fingerprint_hash")]


class ReuseCheckQuerySet(models.QuerySet):
    def pending(self):
        """Checks asked for and not yet done on the text they were asked for."""
        return self.exclude(requested_digest="").exclude(requested_digest=models.F("checked_digest"))


class ReuseCheck(models.Model):
    """Where a document's search for shared text stands, each step remembered with the digest
    (SHA-256) of the text it was made on, so a missing or stale step can be found."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, primary_key=True, related_name="reuse_check")
    fingerprinted_digest = models.CharField(_("text fingerprinted"), max_length=64, blank=True)
    requested_digest = models.CharField(_("text a check was asked for"), max_length=64, blank=True)
    checked_digest = models.CharField(_("text checked"), max_length=64, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    objects = ReuseCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("check for shared text")

    def __str__(self):
        return f"shared text check of document {self.document_id}"

    @property
    def is_pending(self) -> bool:
        return bool(self.requested_digest) and self.requested_digest != self.checked_digest


class PendingRescan(models.Model):
    """A record whose names changed and whose mentions are still to be looked for.

    Written in the same transaction as the change, one row per record however often it
    changes, and drained by one background task for all of them (`tasks.rescan_pending`):
    a burst of new names costs one pass over the documents, not one pass per name.
    """

    entity_type = models.CharField(max_length=20)
    entity_id = models.PositiveBigIntegerField()
    # Touched by every change; the task removes a row only if it is unchanged since it read
    # it, so a change made during a pass is looked for again by the next one.
    requested_at = models.DateTimeField()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entity_type", "entity_id"], name="pending_rescan_once_per_record")
        ]

    def __str__(self):
        return f"{self.entity_type} {self.entity_id}"


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life, written every few seconds while it runs (also during a
    long task). A running task whose worker has not been seen for TASKS_WORKER_TIMEOUT is
    put back in the queue by any other worker (`archive.curation.worker`)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
