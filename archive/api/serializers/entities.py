"""People, organisations, places, topics and events as the API reads them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.models import (
    Event,
    NameKind,
    Organisation,
    OrganisationKind,
    OrganisationRelationKind,
    Person,
    Place,
    PlaceKind,
    RoleKind,
    Topic,
)

from ..querysets import count_field
from .refs import APIURLField, DateSerializer, DocumentRefSerializer, PageURLField, RecordRefSerializer


class NameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=NameKind.choices, default=NameKind.VARIANT)
    language = serializers.CharField(max_length=16, allow_blank=True, default="")
    note = serializers.CharField(max_length=255, allow_blank=True, default="")


class DocumentCountsSerializer(serializers.Serializer):
    """How many visible documents the record stands in each role toward."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_fields(self):
        return {kind: serializers.IntegerField(source=count_field(kind), read_only=True) for kind in RoleKind.values}


class MembershipSerializer(serializers.Serializer):
    person = RecordRefSerializer(read_only=True)
    organisation = RecordRefSerializer(read_only=True)
    role_title = serializers.CharField(read_only=True)
    date = DateSerializer()
    uncertain = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)
    source_document = DocumentRefSerializer(read_only=True)


class OrganisationRelationSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["outgoing", "incoming"], read_only=True)
    kind = serializers.ChoiceField(choices=OrganisationRelationKind.choices, read_only=True)
    label = serializers.CharField(read_only=True, default="")
    organisation = RecordRefSerializer(read_only=True, source="target")
    date = DateSerializer()
    uncertain = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)
    source_document = DocumentRefSerializer(read_only=True)


class EntityListSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = APIURLField()
    names = NameSerializer(many=True, read_only=True, help_text="Every other form of the name a source uses.")


class PersonListSerializer(EntityListSerializer):
    private = serializers.BooleanField(source="is_private", read_only=True)

    class Meta:
        model = Person
        fields = ["slug", "url", "api_url", "name", "names", "private"]
        read_only_fields = fields


class PersonDetailSerializer(PersonListSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    document_counts = DocumentCountsSerializer()

    class Meta(PersonListSerializer.Meta):
        fields = [
            *PersonListSerializer.Meta.fields, "description", "wikidata_id", "memberships", "document_counts",
            "created_at", "updated_at",
        ]
        read_only_fields = fields


class OrganisationListSerializer(EntityListSerializer):
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "url", "api_url", "name", "kind", "names"]
        read_only_fields = fields


class OrganisationDetailSerializer(OrganisationListSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    relations = serializers.SerializerMethodField()
    document_counts = DocumentCountsSerializer()

    class Meta(OrganisationListSerializer.Meta):
        fields = [
            *OrganisationListSerializer.Meta.fields, "description", "wikidata_id", "memberships", "relations",
            "document_counts", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OrganisationRelationSerializer(many=True))
    def get_relations(self, organisation):
        # Both directions come prefetched, limited to relations asserted by visible documents.
        rows = [
            {"direction": "outgoing", "label": r.get_kind_display(), "organisation": r.target, "relation": r}
            for r in organisation.relations_out.all()
        ] + [
            {"direction": "incoming", "label": str(r.inverse_label), "organisation": r.source, "relation": r}
            for r in organisation.relations_in.all()
        ]
        return [
            {
                **OrganisationRelationSerializer(row["relation"], context=self.context).data,
                "direction": row["direction"], "label": row["label"],
                "organisation": RecordRefSerializer(row["organisation"], context=self.context).data,
            }
            for row in rows
        ]


class PlaceListSerializer(EntityListSerializer):
    kind = serializers.ChoiceField(choices=PlaceKind.choices, read_only=True)
    parent = RecordRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Place
        fields = ["slug", "url", "api_url", "name", "kind", "names", "parent", "latitude", "longitude"]
        read_only_fields = fields


class PlaceDetailSerializer(PlaceListSerializer):
    children = RecordRefSerializer(many=True, read_only=True)
    document_counts = DocumentCountsSerializer()
    documents_written_here = serializers.IntegerField(source="documents_written_here_count", read_only=True)

    class Meta(PlaceListSerializer.Meta):
        fields = [
            *PlaceListSerializer.Meta.fields, "description", "wikidata_id", "children", "document_counts",
            "documents_written_here", "created_at", "updated_at",
        ]
        read_only_fields = fields


class TopicSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = APIURLField()
    document_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Topic
        fields = ["slug", "url", "api_url", "name", "description", "document_count"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = APIURLField()
    date = DateSerializer()
    people = RecordRefSerializer(many=True, read_only=True)
    organisations = RecordRefSerializer(many=True, read_only=True)
    places = RecordRefSerializer(many=True, read_only=True)
    sources = DocumentRefSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = ["slug", "url", "api_url", "title", "date", "description", "people", "organisations", "places", "sources"]
        read_only_fields = fields
