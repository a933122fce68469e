"""An organisation's page reads its relations from its own side, both directions in one
query, each with the document that states it; a relation whose source is a draft is
nobody's business."""

import re

import pytest

from archive.models import OrganisationRelation, Status

pytestmark = pytest.mark.django_db


def test_relations_read_from_both_sides_each_with_its_source(client, make_organisation, make_document):
    group, parent, branch, hidden = (make_organisation(name=name) for name in ("Group", "Parent", "Branch", "Hidden"))
    stated = make_document(title="The statement")
    draft = make_document(title="Unpublished claim", status=Status.DRAFT)
    OrganisationRelation.objects.create(source=group, kind="part_of", target=parent, source_document=stated)
    OrganisationRelation.objects.create(source=branch, kind="part_of", target=group, source_document=stated)
    OrganisationRelation.objects.create(source=hidden, kind="front_for", target=group, source_document=draft)

    page = client.get(group.get_absolute_url()).content.decode()
    section = page[page.index('id="links-heading"'):]
    items = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", section.split("</ul>")[0])]
    assert items == ["Has part Branch — according to The statement", "Part of Parent — according to The statement"]
    assert "Hidden" not in page and "Unpublished claim" not in page
