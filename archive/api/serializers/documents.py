"""Documents as the API reads them: a list row and the complete record."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive import registry
from archive.models import Document, DocumentKind, DocumentRelationKind, RoleKind, Status, TextDirection

from .refs import APIURLField, DateSerializer, DocumentRefSerializer, PageURLField, RecordRefSerializer


class RoleSerializer(serializers.Serializer):
    """One person, organisation or place in a role toward the document.

    A private person is shown as the role alone: no entity, no name as written, no note,
    and `private: true`, so readers know someone is there without learning who.
    """

    role = serializers.ChoiceField(choices=RoleKind.choices, read_only=True)
    order = serializers.IntegerField(read_only=True)
    entity_type = serializers.ChoiceField(choices=registry.KEYS, read_only=True)
    entity = RecordRefSerializer(read_only=True, allow_null=True)
    name_as_written = serializers.CharField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True, allow_null=True)
    private = serializers.BooleanField(read_only=True)

    def to_representation(self, role):
        private = not role.is_public
        if private and not self.context.get("show_private_people"):
            return {
                "role": role.role, "order": role.order, "entity_type": role.entity_type, "entity": None,
                "name_as_written": None, "note": None, "private": True,
            }
        return {
            "role": role.role,
            "order": role.order,
            "entity_type": role.entity_type,
            # The declared field, bound once per list: a serializer made per role copied its
            # fields each time, half the time of a page of documents.
            "entity": self.fields["entity"].to_representation(role.entity),
            "name_as_written": role.name_as_written,
            "note": role.note,
            "private": private,
        }


class ProvenanceSerializer(serializers.Serializer):
    # Blank when unknown, so a plain string rather than a URI.
    source_url = serializers.CharField(read_only=True)
    source_title = serializers.CharField(read_only=True)
    retrieved_on = serializers.DateField(read_only=True, allow_null=True)
    classification = serializers.CharField(read_only=True)
    release_date_edtf = serializers.CharField(read_only=True)
    release_channel = serializers.CharField(read_only=True)
    note = serializers.CharField(source="provenance_note", read_only=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)


class DocumentRelationSerializer(serializers.Serializer):
    """A link to another document, read from this document's side."""

    direction = serializers.ChoiceField(choices=["outgoing", "incoming"], read_only=True)
    kind = serializers.ChoiceField(choices=DocumentRelationKind.choices, read_only=True)
    label = serializers.CharField(read_only=True, help_text="How the link reads from this document's side.")
    document = DocumentRefSerializer(read_only=True)
    note = serializers.CharField(read_only=True)


class DocumentListSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = APIURLField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    date = DateSerializer()
    direction = serializers.CharField(read_only=True)
    topics = RecordRefSerializer(many=True, read_only=True)
    roles = RoleSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "slug", "url", "api_url", "title", "kind", "status", "date", "date_as_written", "language",
            "direction", "summary", "topics", "roles", "updated_at",
        ]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentListSerializer):
    place_written = RecordRefSerializer(read_only=True, allow_null=True)
    text_direction = serializers.ChoiceField(
        choices=TextDirection.choices, allow_blank=True, read_only=True, help_text="Blank: follows the language."
    )
    provenance = ProvenanceSerializer()
    relations = serializers.SerializerMethodField()
    events = RecordRefSerializer(many=True, read_only=True)

    class Meta(DocumentListSerializer.Meta):
        fields = [
            *DocumentListSerializer.Meta.fields, "featured", "place_written", "place_written_as", "text_direction",
            "body", "provenance", "relations", "events", "published_at", "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(DocumentRelationSerializer(many=True))
    def get_relations(self, document):
        # Both directions come prefetched, already limited to documents the reader may see.
        rows = [
            {"direction": "outgoing", "kind": r.kind, "label": r.get_kind_display(), "document": r.target, "note": r.note}
            for r in document.relations_out.all()
        ] + [
            {"direction": "incoming", "kind": r.kind, "label": str(r.inverse_label), "document": r.source, "note": r.note}
            for r in document.relations_in.all()
        ]
        return DocumentRelationSerializer(rows, many=True, context=self.context).data
