"""Documents, the roles people and organisations play toward them, and links between them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from archive.routes import slug_path
from archive.text import validate_no_control_characters
from simple_history.models import HistoricalRecords

from .base import ChoiceLabels, DatedQuerySet, EDTFDated, LinksOneEntity, SluggedModel, SlugManager
from .entities import Organisation, Person, Place
from .visibility import document_q, optional_person_q
from .vocab import TextDirection, Topic, direction_of


class DocumentKind(models.TextChoices):
    LETTER = "letter", _("letter")
    OPEN_LETTER = "open_letter", _("open letter")
    CABLE = "cable", _("diplomatic cable")
    ARTICLE = "article", _("article or news post")
    REPORT = "report", _("report")
    STATEMENT = "statement", _("statement")
    PRESS_RELEASE = "press_release", _("press release")
    TESTIMONY = "testimony", _("testimony or interview")
    SPEECH = "speech", _("speech or lecture")
    COMPILATION = "compilation", _("compilation")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


# A document's long fields: its text, where each paragraph stands in the original, notes.
LONG_TEXTS = ("body", "paragraph_pages", "provenance_note", "curator_notes")


class DocumentQuerySet(DatedQuerySet):
    def published(self):
        """The one rule for which documents readers may see."""
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, viewer):
        """Published documents, and drafts too for a curator."""
        return self.filter(document_q(viewer))

    def without_long_texts(self):
        """Without the full text and the other long fields only a document's own page (or
        a search's snippets) shows: a list of a hundred documents otherwise reads their
        whole texts (on PostgreSQL, out of line and decompressed) to show their titles."""
        return self.defer(*LONG_TEXTS)

    def with_roles(self):
        """Roles with their entities, in document order; private people stay attached here
        and are masked where the record is shown (see `Role.is_public`)."""
        return self.select_related("place_written").prefetch_related(
            Prefetch(
                "roles",
                queryset=Role.objects.select_related("person", "organisation", "place").order_by("role", "order", "pk"),
            ),
            "topics",
        )


class Document(ChoiceLabels, SluggedModel, EDTFDated):
    title = models.CharField(_("title"), max_length=500, validators=[validate_no_control_characters])
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    featured = models.BooleanField(_("featured"), default=False)

    date_as_written = models.CharField(
        _("date as written"), max_length=200, blank=True, help_text=_("Exactly as the document gives it, if it does."),
        validators=[validate_no_control_characters],
    )
    place_written = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="documents_written_here",
        verbose_name=_("place written"),
    )
    place_written_as = models.CharField(_("place as written"), max_length=200, blank=True, validators=[validate_no_control_characters])
    language = models.CharField(_("language"), max_length=16, default="en", help_text=_("BCP 47 code: en, fa, ar, fr…"))
    text_direction = models.CharField(
        _("text direction"), max_length=3, choices=TextDirection.choices, blank=True,
        help_text=_("Leave empty to follow the language."),
    )

    summary = models.TextField(_("summary"), blank=True, help_text=_("Neutral: what the document says, attributed."), validators=[validate_no_control_characters])
    body = models.TextField(_("full text"), blank=True, help_text=_("Paragraphs separated by a blank line."), validators=[validate_no_control_characters])
    paragraph_pages = models.JSONField(
        _("page of each paragraph"), default=list, blank=True, editable=False,
        help_text=_("Page of the original file each paragraph stands on (0: not found); kept by the importer."),
    )

    # Provenance: where the text came from.
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)
    source_title = models.CharField(_("source site or title"), max_length=300, blank=True, validators=[validate_no_control_characters])
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)
    classification = models.CharField(_("classification marking"), max_length=100, blank=True, validators=[validate_no_control_characters])
    release_date_edtf = models.CharField(
        _("release date (EDTF)"), max_length=64, blank=True, help_text=_("When the text was released, e.g. 2011-05.")
    )
    release_channel = models.CharField(
        _("release channel"), max_length=200, blank=True, help_text=_("e.g. Freedom of Information Act release."),
        validators=[validate_no_control_characters],
    )
    provenance_note = models.TextField(_("provenance note"), blank=True, validators=[validate_no_control_characters])

    topics = models.ManyToManyField(Topic, blank=True, related_name="documents", verbose_name=_("topics"))
    curator_notes = models.TextField(_("curator notes"), blank=True, help_text=_("Never shown outside the admin."), validators=[validate_no_control_characters])

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # `status` and `published_at` change only through `archive.publishing`.
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, db_index=True)

    objects = SlugManager.from_queryset(DocumentQuerySet)()
    history = HistoricalRecords(m2m_fields=[topics], excluded_fields=["updated_at", "paragraph_pages"])

    class Meta:
        ordering = ["date_stated", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # Date-ordered lists: a page of one day's documents is read in index order.
            models.Index(fields=["status", "date_stated", "title", "id"], name="document_status_stated_title"),
            # The home page's featured documents, latest first: without it, every published
            # document is read to find the few featured ones.
            models.Index(fields=["featured", "status", "date_stated"], name="document_featured_stated"),
            # The latest published (home page, feed) and the harvesters' order by change
            # (OAI-PMH): read from the index's end instead of sorting every published row.
            models.Index(fields=["status", "published_at", "id"], name="document_status_published"),
            models.Index(fields=["status", "updated_at", "id"], name="document_status_updated"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_path("document-detail", self.slug)

    @property
    def direction(self) -> str:
        return self.text_direction or direction_of(self.language)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def paragraphs_with_pages(self) -> list[tuple[str, int]]:
        """Each paragraph with the page of the original it stands on (0 when unknown)."""
        pages = list(self.paragraph_pages or [])
        paragraphs = self.paragraphs
        pages += [0] * (len(paragraphs) - len(pages))
        return list(zip(paragraphs, pages))

    def clean(self):
        from archive.dates import validate_edtf

        if self.release_date_edtf:
            try:
                validate_edtf(self.release_date_edtf)
            except ValidationError as exc:
                raise ValidationError({"release_date_edtf": exc.messages}) from exc


class RoleKind(models.TextChoices):
    AUTHOR = "author", _("author")
    CO_SIGNATORY = "co_signatory", _("co-signatory")
    RECIPIENT = "recipient", _("recipient")
    PUBLISHER = "publisher", _("publisher")
    MENTIONED = "mentioned", _("mentioned")


class RoleQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Roles in documents `viewer` may see, naming no one `viewer` may not see."""
        return self.filter(document_q(viewer, "document__") & optional_person_q(viewer, "person"))


class RoleManager(models.Manager.from_queryset(RoleQuerySet)):
    def get_by_natural_key(self, document_slug, role, entity_type, entity_slug):
        return self.get(document__slug=document_slug, role=role, **{f"{entity_type}__slug": entity_slug})


class Role(ChoiceLabels, LinksOneEntity, models.Model):
    """How one person, organisation or place stands to a document, with the name as written."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_as_written = models.CharField(_("name as written"), max_length=300, blank=True, validators=[validate_no_control_characters])
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[validate_no_control_characters])

    objects = RoleManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "role", "order", "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, organisation__isnull=True, place__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=False, place__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=True, place__isnull=False)
                ),
                name="role_exactly_one_entity",
                violation_error_message=_("A role names exactly one person, organisation or place."),
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=True) | Q(role="mentioned"),
                name="role_place_only_mentioned",
                violation_error_message=_("A place can only be mentioned; use “place written” for the other."),
            ),
            models.UniqueConstraint(fields=["document", "role", "person"], name="role_unique_person"),
            models.UniqueConstraint(fields=["document", "role", "organisation"], name="role_unique_organisation"),
            models.UniqueConstraint(fields=["document", "role", "place"], name="role_unique_place"),
        ]
        indexes = [models.Index(fields=["role", "document"], name="role_kind_document")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.entity}"

    @property
    def is_public(self) -> bool:
        """False for a private person: shown without name or link."""
        return not (self.person is not None and self.person.is_private)

    def natural_key(self):
        return (self.document.slug, self.role, self.entity_type, self.entity.slug)

    natural_key.dependencies = ["archive.document", "archive.person", "archive.organisation", "archive.place"]


class DocumentRelationKind(models.TextChoices):
    REPORTS_ON = "reports_on", _("reports on")
    QUOTES = "quotes", _("quotes")
    REPUBLISHES = "republishes", _("republishes")
    CONTAINS = "contains", _("contains")
    RESPONDS_TO = "responds_to", _("responds to")
    TRANSLATION_OF = "translation_of", _("is a translation of")


# How each relation reads from its target's side.
INVERSE_LABELS = {
    DocumentRelationKind.REPORTS_ON: _("reported on by"),
    DocumentRelationKind.QUOTES: _("quoted by"),
    DocumentRelationKind.REPUBLISHES: _("republished by"),
    DocumentRelationKind.CONTAINS: _("part of"),
    DocumentRelationKind.RESPONDS_TO: _("responded to by"),
    DocumentRelationKind.TRANSLATION_OF: _("translated as"),
}


class DocumentRelationQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Relations whose both ends `viewer` may see: a link to a draft is no one's business."""
        return self.filter(document_q(viewer, "source__") & document_q(viewer, "target__"))


class DocumentRelationManager(models.Manager.from_queryset(DocumentRelationQuerySet)):
    def get_by_natural_key(self, source_slug, kind, target_slug):
        return self.get(source__slug=source_slug, kind=kind, target__slug=target_slug)


class DocumentRelation(ChoiceLabels, models.Model):
    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    kind = models.CharField(_("relation"), max_length=20, choices=DocumentRelationKind.choices)
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_no_control_characters])

    objects = DocumentRelationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "kind", "target"]
        verbose_name = _("relation between documents")
        verbose_name_plural = _("relations between documents")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="document_relation_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="document_relation_not_self"),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def inverse_label(self):
        return INVERSE_LABELS[self.kind]

    def natural_key(self):
        return (self.source.slug, self.kind, self.target.slug)

    natural_key.dependencies = ["archive.document"]
