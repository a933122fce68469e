"""The OAI-PMH endpoint: one view answering the six verbs.

Records are the published documents, ordered by datestamp (last change) and id, so a
resumption token can carry the position reached instead of an offset that shifts as
records change. A document that was published and is no longer at its identifier (renamed,
withdrawn or deleted: its `PastSlug`) stays a deleted record for good (`deletedRecord`
persistent): GetRecord answers its header with `status="deleted"`, and lists without a set
give the deleted headers after the live records, so incremental harvesters learn of it.
"""

import xml.etree.ElementTree as ET

from django.conf import settings
from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.models import Document, DocumentKind, PastSlug, Topic
from archive.models.visibility import PUBLIC
from archive.search.columns import document_columns
from archive.search.tokens import current_tokens

from .dublin_core import OAI_DC_NS, OAI_DC_SCHEMA, Links, oai_dc, read_links
from .protocol import (
    GRANULARITY,
    OAIError,
    check_arguments,
    datestamp,
    make_token,
    page_size,
    parse_datestamp,
    read_token,
)
from .xml import OAI_NS, XSI_NS, Markup, clean_attributes, sub, text

METADATA_PREFIX = "oai_dc"


def repository_identifier(request) -> str:
    return getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "") or request.get_host().split(":")[0]


def oai_identifier(request, document) -> str:
    return f"oai:{repository_identifier(request)}:{document.slug}"


def records():
    """Published documents with what their header and Dublin Core need of their own row, in
    harvest order; what they link to is read for a whole page by `read_links`."""
    return Document.objects.visible_to(PUBLIC).without_long_texts().select_related("place_written").order_by(
        "updated_at", "pk")


def headers():
    """Published documents with what their header needs (identifier, datestamp, sets), in
    harvest order: a list of identifiers reads no roles, relations or bodies."""
    return (
        Document.objects.visible_to(PUBLIC).only("pk", "slug", "kind", "updated_at")
        .prefetch_related("topics").order_by("updated_at", "pk")
    )


def live_count(state, live) -> int:
    """How many published records `live` (the selection for `state`) holds. Without dates or
    a topic set, counted on the search columns (which mark the published documents and hold
    their kinds) instead of a `COUNT(*)` over every published row."""
    family, _sep, value = (state.get("set") or "kind:").partition(":")
    if state.get("from") or state.get("until") or family != "kind":
        return live.count()
    columns = document_columns(current_tokens())
    if not value:
        return int(columns.live.sum())
    if value not in columns.kinds:
        return 0
    return int((columns.live & (columns.kind == columns.kinds.index(value))).sum())


def deleted_records():
    """Identifiers of documents once published and no longer there, oldest removal first.
    A slug a published document answers to again is live, not deleted."""
    return (
        PastSlug.objects.of(Document)
        .exclude(slug__in=Document.objects.visible_to(PUBLIC).values("slug"))
        .order_by("retired_at", "pk")
    )


def set_specs(document, topic_slugs) -> list[str]:
    return [f"kind:{document.kind}"] + [f"topic:{slug}" for slug in topic_slugs]


def _in_set(queryset, spec: str):
    family, _sep, value = spec.partition(":")
    if family == "kind" and not value:
        return queryset
    if family == "kind" and value in DocumentKind.values:
        return queryset.filter(kind=value)
    if family == "topic" and not value:
        return queryset.filter(topics__isnull=False).distinct()
    if family == "topic" and Topic.objects.visible_to(PUBLIC).filter(slug=value).exists():
        return queryset.filter(topics__slug=value)
    raise OAIError("badArgument", f"There is no set “{spec[:60]}”; see ListSets.")


class Endpoint:
    def __init__(self, request, query):
        self.request = request
        self.query = query
        self.root = ET.Element(
            f"{{{OAI_NS}}}OAI-PMH",
            {f"{{{XSI_NS}}}schemaLocation": f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"},
        )
        sub(self.root, "responseDate", text=datestamp(timezone.now()))
        self.base_url = request.build_absolute_uri(request.path)
        self.markup = Markup()

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def respond(self) -> HttpResponse:
        request_element = sub(self.root, "request", text=self.base_url)
        try:
            verb, arguments = check_arguments(self.query)
            # The request element echoes the arguments only when they were valid.
            request_element.attrib.update(clean_attributes({"verb": verb, **arguments}))
            getattr(self, verb)(arguments)
        except OAIError as error:
            if error.code in ("badVerb", "badArgument"):
                request_element.attrib.clear()
            sub(self.root, "error", {"code": error.code}, text=error.message)
        return HttpResponse(self.markup.to_bytes(self.root), content_type="text/xml; charset=utf-8")

    def Identify(self, arguments):
        identify = sub(self.root, "Identify")
        sub(identify, "repositoryName", text=getattr(settings, "OAI_REPOSITORY_NAME", "Document archive"))
        sub(identify, "baseURL", text=self.base_url)
        sub(identify, "protocolVersion", text="2.0")
        for email in getattr(settings, "OAI_ADMIN_EMAILS", None) or [f"archive@{repository_identifier(self.request)}"]:
            sub(identify, "adminEmail", text=email)
        stamps = [
            Document.objects.visible_to(PUBLIC).aggregate(at=Min("updated_at"))["at"],
            deleted_records().aggregate(at=Min("retired_at"))["at"],
        ]
        earliest = min((stamp for stamp in stamps if stamp is not None), default=None)
        sub(identify, "earliestDatestamp", text=datestamp(earliest or timezone.now()))
        sub(identify, "deletedRecord", text="persistent")
        sub(identify, "granularity", text=GRANULARITY)

    def ListMetadataFormats(self, arguments):
        if "identifier" in arguments:
            self._document(arguments["identifier"])
        formats = sub(self.root, "ListMetadataFormats")
        entry = sub(formats, "metadataFormat")
        sub(entry, "metadataPrefix", text=METADATA_PREFIX)
        sub(entry, "schema", text=OAI_DC_SCHEMA)
        sub(entry, "metadataNamespace", text=OAI_DC_NS)

    def ListSets(self, arguments):
        if "resumptionToken" in arguments:
            raise OAIError("badResumptionToken", "ListSets is answered in one response; there is nothing to resume.")
        sets = sub(self.root, "ListSets")
        entries = [("kind", "Documents by kind"), ("topic", "Documents by topic")]
        entries += [(f"kind:{value}", f"Kind: {label}") for value, label in DocumentKind.choices]
        entries += [(f"topic:{topic.slug}", f"Topic: {topic.name}") for topic in Topic.objects.order_by("slug")]
        for spec, name in entries:
            entry = sub(sets, "set")
            sub(entry, "setSpec", text=spec)
            sub(entry, "setName", text=name)

    def GetRecord(self, arguments):
        self._check_prefix(arguments["metadataPrefix"])
        document = self._document(arguments["identifier"])
        if isinstance(document, PastSlug):
            self._deleted(sub(self.root, "GetRecord"), document, record=True)
        else:
            self._record(sub(self.root, "GetRecord"), document)

    def ListIdentifiers(self, arguments):
        self._list("ListIdentifiers", arguments)

    def ListRecords(self, arguments):
        self._list("ListRecords", arguments)

    # Helpers

    def _check_prefix(self, prefix):
        if prefix != METADATA_PREFIX:
            raise OAIError("cannotDisseminateFormat", f"Only {METADATA_PREFIX} is offered.")

    def _document(self, identifier):
        prefix = f"oai:{repository_identifier(self.request)}:"
        slug = identifier[len(prefix):] if identifier.startswith(prefix) else None
        document = records().filter(slug=slug).first() if slug else None
        if document is None and slug:
            document = deleted_records().filter(slug=slug).first()
        if document is None:
            raise OAIError("idDoesNotExist", "No published document has this identifier.")
        return document

    def _deleted(self, parent, past: PastSlug, *, record: bool):
        if record:
            parent = sub(parent, "record")
        header = sub(parent, "header", {"status": "deleted"})
        sub(header, "identifier", text=f"oai:{repository_identifier(self.request)}:{past.slug}")
        sub(header, "datestamp", text=datestamp(past.retired_at))

    def _header(self, parent, document, topic_slugs):
        self.markup.put(parent, self._header_markup(document, topic_slugs))

    def _header_markup(self, document, topic_slugs) -> str:
        specs = "".join(f"<setSpec>{text(spec)}</setSpec>" for spec in set_specs(document, topic_slugs))
        return (f"<header><identifier>{text(oai_identifier(self.request, document))}</identifier>"
                f"<datestamp>{text(datestamp(document.updated_at))}</datestamp>{specs}</header>")

    def _record(self, parent, document, links: Links | None = None):
        links = links or read_links([document])[document.pk]
        header = self._header_markup(document, [slug for slug, _name in links.topics])
        self.markup.put(parent, f"<record>{header}<metadata>{oai_dc(document, links, self.absolute)}</metadata></record>")

    def _list(self, verb, arguments):
        if "resumptionToken" in arguments:
            state = read_token(arguments["resumptionToken"], verb)
        else:
            self._check_prefix(arguments["metadataPrefix"])
            state = {"verb": verb, "set": arguments.get("set"), "from": arguments.get("from"),
                     "until": arguments.get("until"), "after": None, "deleted_after": None, "cursor": 0}
        live, deleted = self._selection(state, headers() if verb == "ListIdentifiers" else records())
        size = page_size()
        started = state["after"] or state.get("deleted_after")
        # Live records first, then deleted ones, each walked by its own (datestamp, id) key.
        items = []
        if not state.get("deleted_after"):
            remaining = live
            if state["after"]:
                moment, pk = parse_datetime(state["after"][0]), state["after"][1]
                remaining = live.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, pk__gt=pk))
            items = list(remaining[: size + 1])
        if len(items) <= size and deleted is not None:
            remaining = deleted
            if state.get("deleted_after"):
                moment, pk = parse_datetime(state["deleted_after"][0]), state["deleted_after"][1]
                remaining = deleted.filter(Q(retired_at__gt=moment) | Q(retired_at=moment, pk__gt=pk))
            items += list(remaining[: size + 1 - len(items)])
        if not items and not started:
            raise OAIError("noRecordsMatch", "No published document matches these arguments.")
        more, items = len(items) > size, items[:size]
        container = sub(self.root, verb)
        links = read_links([item for item in items if isinstance(item, Document)]) if verb == "ListRecords" else None
        for item in items:
            if isinstance(item, PastSlug):
                self._deleted(container, item, record=verb == "ListRecords")
            elif links is not None:
                self._record(container, item, links[item.pk])
            else:
                self._header(container, item, [topic.slug for topic in item.topics.all()])
        if more or started:
            total = live_count(state, live) + (deleted.count() if deleted is not None else 0)
            attributes = {"cursor": str(state["cursor"]), "completeListSize": str(total)}
            token = ""
            if more:
                last = items[-1]
                position = (
                    {"deleted_after": [last.retired_at.isoformat(), last.pk]}
                    if isinstance(last, PastSlug)
                    else {"after": [last.updated_at.isoformat(), last.pk], "deleted_after": None}
                )
                token = make_token({**state, **position, "cursor": state["cursor"] + len(items)})
            sub(container, "resumptionToken", attributes, text=token)

    def _selection(self, state, queryset):
        """The live records of `queryset` and the deleted ones (None when a set is asked
        for: a deleted record belongs to no set) within the arguments' dates."""
        deleted = deleted_records()
        bounds = {}
        for name, end in (("from", False), ("until", True)):
            if state.get(name):
                bounds[name] = parse_datestamp(state[name], end=end)
        if len({granularity for _moment, granularity in bounds.values()}) > 1:
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if "from" in bounds:
            queryset = queryset.filter(updated_at__gte=bounds["from"][0])
            deleted = deleted.filter(retired_at__gte=bounds["from"][0])
        if "until" in bounds:
            queryset = queryset.filter(updated_at__lte=bounds["until"][0])
            deleted = deleted.filter(retired_at__lte=bounds["until"][0])
        if "from" in bounds and "until" in bounds and bounds["from"][0] > bounds["until"][0]:
            raise OAIError("badArgument", "from is later than until.")
        if state.get("set"):
            queryset, deleted = _in_set(queryset, state["set"]), None
        return queryset, deleted


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    """OAI-PMH allows GET and form-encoded POST with the same arguments."""
    return Endpoint(request, request.POST if request.method == "POST" else request.GET).respond()


