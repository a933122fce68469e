import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive.models import Document, Person, Role, RoleKind


def test_saving_a_document_derives_its_date_bounds(make_document):
    document = make_document(date_edtf="2011-05")
    document.refresh_from_db()
    assert (document.date_lower, document.date_upper) == (dt.date(2011, 5, 1), dt.date(2011, 5, 31))

    document.date_edtf = "2014-10-16"
    document.save()
    document.refresh_from_db()
    assert document.date_lower == document.date_upper == dt.date(2014, 10, 16)


def test_saving_an_invalid_edtf_date_is_refused(make_document):
    with pytest.raises(ValueError, match="not a valid EDTF"):
        make_document(date_edtf="16/10/2014")


def test_form_validation_reports_invalid_edtf_on_the_field(make_document):
    document = Document(title="T", slug="t", date_edtf="October 2014")
    with pytest.raises(ValidationError) as excinfo:
        document.full_clean()
    assert "date_edtf" in excinfo.value.message_dict


def test_date_range_filter_matches_on_bounds(make_document):
    may = make_document(date_edtf="2011-05")
    make_document(date_edtf="2014-10-16")
    undated = make_document(date_edtf="")
    in_2011 = Document.objects.in_date_range(dt.date(2011, 1, 1), dt.date(2011, 12, 31))
    assert list(in_2011) == [may]
    assert undated not in Document.objects.in_date_range(dt.date(2000, 1, 1), None)


def test_alias_differing_only_in_case_or_accents_is_refused(make_person):
    person = make_person(name="Nouri al-Maliki", aliases=["Al-Maliki"])
    assert person.names.get().key == "al maliki"
    with pytest.raises(IntegrityError), transaction.atomic():
        person.names.create(name="AL MALIKI")
    with pytest.raises(IntegrityError), transaction.atomic():
        person.names.create(name="al-Malikí")


def test_alias_that_folds_to_the_preferred_name_is_refused(make_person):
    person = make_person(name="Nouri al-Maliki")
    with pytest.raises(ValueError, match="preferred name"):
        person.names.create(name="Nouri Al-Maliki")
    alias = person.names.model(person=person, name="NOURI AL MALIKI")
    with pytest.raises(ValidationError) as excinfo:
        alias.full_clean()
    assert "name" in excinfo.value.message_dict


def test_two_people_may_share_an_alias(make_person):
    make_person(name="Maryam One", aliases=["Maryam"])
    make_person(name="Maryam Two", aliases=["Maryam"])
    assert Person.objects.matching_name("maryam").count() == 2


def test_matching_name_folds_persian_letter_variants(make_person):
    person = make_person(name="Example", aliases=["علي كريمي"])  # Arabic yeh and kaf
    assert list(Person.objects.matching_name("علی کریمی")) == [person]  # Persian forms


def test_private_people_are_excluded_from_public_queryset(make_person):
    public = make_person(name="Public Figure")
    make_person(name="Private Individual", is_private=True)
    assert list(Person.objects.public()) == [public]


def test_role_must_name_exactly_one_entity(make_document, make_person, make_organisation):
    document = make_document()
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(document=document, role=RoleKind.AUTHOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(
            document=document, role=RoleKind.AUTHOR, person=make_person(), organisation=make_organisation()
        )


def test_place_can_only_be_mentioned(make_document, make_place):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(document=make_document(), role=RoleKind.AUTHOR, place=make_place())


def test_private_role_is_not_public(make_document, make_person):
    role = Role.objects.create(document=make_document(), role=RoleKind.MENTIONED, person=make_person(is_private=True))
    assert role.is_public is False


def test_document_direction_follows_language_unless_set(make_document):
    assert make_document(language="fa").direction == "rtl"
    assert make_document(language="en").direction == "ltr"
    assert make_document(language="fa", text_direction="ltr").direction == "ltr"


def test_published_queryset_hides_drafts(make_document):
    published = make_document()
    make_document(status="draft")
    assert list(Document.objects.published()) == [published]


def test_paragraphs_split_on_blank_lines(make_document):
    document = make_document(body="One.\nStill one.\n\nTwo.\n\n\n\nThree.")
    assert document.paragraphs == ["One.\nStill one.", "Two.", "Three."]


def test_choice_labels_answer_as_djangos_own():
    from django.db.models import Model

    from archive.models import DocumentKind, DocumentRelation, Organisation

    for record, field in ((Document(kind=DocumentKind.LETTER), "kind"), (Role(role=RoleKind.CO_SIGNATORY), "role"),
                          (DocumentRelation(kind="contains"), "kind"), (Organisation(kind="other"), "kind"),
                          (Document(kind="not-a-kind"), "kind")):
        djangos = Model._get_FIELD_display(record, record._meta.get_field(field))
        assert getattr(record, f"get_{field}_display")() == djangos
    assert Document(kind="not-a-kind").get_kind_display() == "not-a-kind"
    assert Document(kind=DocumentKind.LETTER).get_kind_display() == str(DocumentKind.LETTER.label)
