"""What curators send: documents with their roles, topics and relations, and records with
their names, each in one request, validated before anything is saved.

References are slugs. The response to a write is the record's detail, as a reader would
read it back. A document's `status` is not written as a field: the change goes through
`archive.publishing`, which refuses to publish a draft with undecided import suggestions
(a 400 on `status` with the reason, as the admin refuses it).
"""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers

from archive import publishing, registry
from archive.dates import parse_bounds
from archive.models import (
    Document,
    DocumentRelationKind,
    Event,
    NameKind,
    Organisation,
    Person,
    Place,
    RoleKind,
    Status,
    Topic,
)
from archive.text import name_key

from .entities import NameSerializer

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def edtf_or_error(value: str) -> str:
    try:
        parse_bounds(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc
    return value


def language_or_error(value: str) -> str:
    if value and not LANGUAGE_TAG.match(value):
        raise serializers.ValidationError("Give a BCP 47 language code such as en, fa, ar or fr.")
    return value


class RoleWriteSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=RoleKind.choices)
    entity_type = serializers.ChoiceField(choices=registry.KEYS)
    entity = serializers.SlugField(max_length=120, help_text="Slug of the person, organisation or place.")
    order = serializers.IntegerField(min_value=0, max_value=32767, default=0)
    name_as_written = serializers.CharField(max_length=300, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, allow_blank=True, default="")

    def validate(self, attrs):
        model = registry.entity_type(attrs["entity_type"]).model
        try:
            attrs["entity"] = model.objects.get(slug=attrs["entity"])
        except model.DoesNotExist:
            raise serializers.ValidationError(
                {"entity": f"No {attrs['entity_type']} has the slug “{attrs['entity']}”."}
            ) from None
        if attrs["entity_type"] == "place" and attrs["role"] != RoleKind.MENTIONED:
            raise serializers.ValidationError(
                {"role": "A place can only be mentioned; use place_written for where a document was written."}
            )
        return attrs


class RelationWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentRelationKind.choices)
    target = serializers.SlugRelatedField(slug_field="slug", queryset=Document.objects.all())
    note = serializers.CharField(max_length=500, allow_blank=True, default="")


def _role_key(attrs):
    return attrs["role"], attrs["entity_type"], attrs["entity"].pk


class DocumentWriteSerializer(serializers.ModelSerializer):
    place_written = serializers.SlugRelatedField(
        slug_field="slug", queryset=Place.objects.all(), allow_null=True, required=False
    )
    topics = serializers.SlugRelatedField(slug_field="slug", queryset=Topic.objects.all(), many=True, required=False)
    roles = RoleWriteSerializer(many=True, required=False, help_text="Replaces the document's roles when given.")
    relations = RelationWriteSerializer(
        many=True, required=False, help_text="Replaces the document's outgoing relations when given."
    )

    class Meta:
        model = Document
        fields = [
            "slug", "title", "kind", "status", "featured", "date_edtf", "date_as_written", "place_written",
            "place_written_as", "language", "text_direction", "summary", "body", "source_url", "source_title",
            "retrieved_on", "classification", "release_date_edtf", "release_channel", "provenance_note",
            "topics", "roles", "relations",
        ]

    def validate_date_edtf(self, value):
        return edtf_or_error(value)

    def validate_release_date_edtf(self, value):
        return edtf_or_error(value)

    def validate_language(self, value):
        return language_or_error(value)

    def validate_roles(self, roles):
        seen = set()
        for attrs in roles:
            if _role_key(attrs) in seen:
                raise serializers.ValidationError(
                    f"{attrs['entity']} is listed twice as {attrs['role']}; give each role once."
                )
            seen.add(_role_key(attrs))
        return roles

    def validate_relations(self, relations):
        seen = set()
        own_slug = self.initial_data.get("slug") if isinstance(self.initial_data, dict) else None
        for attrs in relations:
            target = attrs["target"]
            if (self.instance is not None and target.pk == self.instance.pk) or target.slug == own_slug:
                raise serializers.ValidationError("A document cannot be related to itself.")
            if (attrs["kind"], target.pk) in seen:
                raise serializers.ValidationError(f"The relation {attrs['kind']} → {target.slug} is given twice.")
            seen.add((attrs["kind"], target.pk))
        return relations

    def _set_status(self, document, status):
        # A refusal raised here undoes the whole write (the caller's transaction).
        publishing.set_status(document=document, status=status, user=self.context["request"].user)

    @transaction.atomic
    def create(self, validated_data):
        status = validated_data.pop("status", Status.DRAFT)
        roles = validated_data.pop("roles", [])
        relations = validated_data.pop("relations", [])
        topics = validated_data.pop("topics", [])
        document = Document.objects.create(**validated_data)
        document.topics.set(topics)
        self._sync_roles(document, roles)
        self._sync_relations(document, relations)
        self._set_status(document, status)
        return document

    @transaction.atomic
    def update(self, document, validated_data):
        status = validated_data.pop("status", None)
        roles = validated_data.pop("roles", None)
        relations = validated_data.pop("relations", None)
        topics = validated_data.pop("topics", None)
        for field, value in validated_data.items():
            setattr(document, field, value)
        document.save()
        if topics is not None:
            document.topics.set(topics)
        if roles is not None:
            self._sync_roles(document, roles)
        if relations is not None:
            self._sync_relations(document, relations)
        if status is not None:
            self._set_status(document, status)
        return document

    @staticmethod
    def _sync_roles(document, roles):
        """Update roles that stay, delete those left out, create new ones: the history then
        shows what actually changed rather than a wholesale replacement."""
        existing = {(r.role, r.entity_type, r.entity.pk): r for r in document.roles.select_related("person", "organisation", "place")}
        for attrs in roles:
            role = existing.pop(_role_key(attrs), None)
            # Partial updates skip nested defaults, so fill them here.
            fields = {"order": attrs.get("order", 0), "name_as_written": attrs.get("name_as_written", ""), "note": attrs.get("note", "")}
            if role is None:
                document.roles.create(role=attrs["role"], **{attrs["entity_type"]: attrs["entity"]}, **fields)
            elif any(getattr(role, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(role, k, v)
                role.save()
        for role in existing.values():
            role.delete()

    @staticmethod
    def _sync_relations(document, relations):
        existing = {(r.kind, r.target_id): r for r in document.relations_out.all()}
        for attrs in relations:
            relation = existing.pop((attrs["kind"], attrs["target"].pk), None)
            if relation is None:
                document.relations_out.create(kind=attrs["kind"], target=attrs["target"], note=attrs.get("note", ""))
            elif relation.note != attrs.get("note", ""):
                relation.note = attrs.get("note", "")
                relation.save()
        for relation in existing.values():
            relation.delete()


class EntityWriteSerializer(serializers.ModelSerializer):
    """A person, organisation or place with every variant of its name."""

    names = NameSerializer(many=True, required=False, help_text="Replaces the record's other names when given.")

    def validate_names(self, names):
        seen = set()
        for attrs in names:
            key = name_key(attrs["name"])
            if not key:
                raise serializers.ValidationError(f"“{attrs['name']}” has no letter or digit.")
            if key in seen:
                raise serializers.ValidationError(
                    f"“{attrs['name']}” is given twice (ignoring case, accents and punctuation)."
                )
            seen.add(key)
            language_or_error(attrs.get("language", ""))
        return names

    def validate(self, attrs):
        attrs = super().validate(attrs)
        preferred = attrs.get("name", getattr(self.instance, "name", ""))
        keys = {name_key(n["name"]) for n in attrs.get("names", [])}
        if preferred and name_key(preferred) in keys:
            raise serializers.ValidationError(
                {"names": [f"“{preferred}” is the preferred name; list only the other forms."]}
            )
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        names = validated_data.pop("names", [])
        record = self.Meta.model.objects.create(**validated_data)
        self._sync_names(record, names)
        return record

    @transaction.atomic
    def update(self, record, validated_data):
        names = validated_data.pop("names", None)
        for field, value in validated_data.items():
            setattr(record, field, value)
        record.save()
        if names is not None:
            self._sync_names(record, names)
        return record

    @staticmethod
    def _sync_names(record, names):
        existing = {n.key: n for n in record.names.all()}
        for given in names:
            attrs = {"kind": NameKind.VARIANT, "language": "", "note": "", **given}
            name = existing.pop(name_key(attrs["name"]), None)
            if name is None:
                record.names.create(**attrs)
            elif any(getattr(name, k) != v for k, v in attrs.items()):
                for k, v in attrs.items():
                    setattr(name, k, v)
                name.save()
        for name in existing.values():
            name.delete()


class PersonWriteSerializer(EntityWriteSerializer):
    class Meta:
        model = Person
        fields = ["slug", "name", "description", "wikidata_id", "is_private", "names"]


class OrganisationWriteSerializer(EntityWriteSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "description", "wikidata_id", "names"]


class PlaceWriteSerializer(EntityWriteSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", queryset=Place.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Place
        fields = ["slug", "name", "kind", "parent", "latitude", "longitude", "description", "wikidata_id", "names"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        latitude = attrs.get("latitude", getattr(self.instance, "latitude", None))
        longitude = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (latitude is None) != (longitude is None):
            raise serializers.ValidationError({"latitude": "Give both latitude and longitude, or neither."})
        parent = attrs.get("parent")
        if parent is not None and self.instance is not None:
            if parent.pk == self.instance.pk or self.instance in parent.ancestors():
                raise serializers.ValidationError({"parent": "A place cannot be inside itself."})
        return attrs


class TopicWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


class EventWriteSerializer(serializers.ModelSerializer):
    people = serializers.SlugRelatedField(slug_field="slug", queryset=Person.objects.all(), many=True, required=False)
    organisations = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), many=True, required=False
    )
    places = serializers.SlugRelatedField(slug_field="slug", queryset=Place.objects.all(), many=True, required=False)
    sources = serializers.SlugRelatedField(
        slug_field="slug", queryset=Document.objects.all(), many=True, allow_empty=False,
        help_text="The documents the event is taken from; at least one.",
    )

    class Meta:
        model = Event
        fields = ["slug", "title", "date_edtf", "description", "people", "organisations", "places", "sources"]

    def validate_date_edtf(self, value):
        return edtf_or_error(value)
