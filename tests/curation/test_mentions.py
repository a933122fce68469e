"""Mentions: whole words, folded matching, offsets into the original text, background re-scan."""

import pytest
from django.urls import reverse

from archive.curation.matching import NameMatcher
from archive.curation.mentions import build_matcher, confirm_mentions, reject_mentions, scan_documents
from archive.curation.models import Decision, MentionSuggestion
from archive.models import Document, Role


def test_offsets_point_into_the_original_text_with_diacritics_and_persian():
    text = "Le  MINISTRE Ṣāliḥ  Müller (Ṣa\u0304lih Muller) a rencontré سازمان مجاهدين\u200cخلق hier; Mullerson non."
    matcher = NameMatcher([("Salih Müller", "p"), ("مجاهدین خلق", "o")])
    found = [(m.text, m.targets) for m in matcher.find(text)]
    assert found == [("Ṣāliḥ  Müller", ("p",)), ("Ṣa\u0304lih Muller", ("p",)), ("مجاهدين\u200cخلق", ("o",))]
    for match in matcher.find(text):
        assert text[match.start : match.end] == match.text


def test_only_whole_words_match_and_longest_name_wins():
    matcher = NameMatcher([("Ashraf", "short"), ("Camp Ashraf", "long"), ("MEK", "org")])
    found = [(m.text, m.targets[0]) for m in matcher.find("Camp Ashraf, Ashrafi, MEKs and mek.")]
    assert found == [("Camp Ashraf", "long"), ("mek", "org")]


@pytest.mark.django_db
def test_scan_suggests_every_alias_with_offsets(make_document, make_person):
    person = make_person("Nouri al-Maliki", aliases=["Al Maliki"])
    document = make_document(body="Prime Minister NOURI AL-MALIKI met … later al maliki spoke.")
    scan_documents(Document.objects.all(), build_matcher())
    mentions = list(MentionSuggestion.objects.filter(person=person).order_by("start"))
    assert [document.body[m.start : m.end] for m in mentions] == ["NOURI AL-MALIKI", "al maliki"]
    assert all(m.status == Decision.SUGGESTED for m in mentions)


@pytest.mark.django_db
def test_adding_an_alias_rescans_documents_in_the_background(make_document, make_person,
                                                            django_capture_on_commit_callbacks):
    person = make_person("Saddam Hussein")
    document = make_document(body="He was captured by Sadam Hossein during the war.")
    assert not MentionSuggestion.objects.filter(person=person).exists()
    with django_capture_on_commit_callbacks(execute=True):
        person.names.create(name="Sadam Hossein")
    mention = MentionSuggestion.objects.get(person=person)
    assert document.body[mention.start : mention.end] == "Sadam Hossein"


@pytest.mark.django_db
def test_a_new_record_is_found_in_existing_documents(make_document, make_place, django_capture_on_commit_callbacks):
    document = make_document(body="The families waited at the gate of Camp Liberty.")
    with django_capture_on_commit_callbacks(execute=True):
        place = make_place("Camp Liberty")
    assert MentionSuggestion.objects.get(place=place).document == document


@pytest.mark.django_db
def test_deleting_an_alias_withdraws_its_undecided_suggestions(make_document, make_person,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = make_person("Anne Singleton", aliases=["Singleton"])
        make_document(body="Singleton spoke; Anne Singleton left.")
    with django_capture_on_commit_callbacks(execute=True):
        scan_documents(Document.objects.all(), build_matcher())
    assert MentionSuggestion.objects.filter(person=person).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        person.names.get(name="Singleton").delete()
    assert list(MentionSuggestion.objects.filter(person=person).values_list("text", flat=True)) == ["Anne Singleton"]


@pytest.mark.django_db
def test_confirming_feeds_the_mentioned_role_but_never_for_a_private_person(make_document, make_person):
    public = make_person("Massoud Rajavi")
    private = make_person("Maryam Babaii", is_private=True)
    document = make_document(body="Massoud Rajavi refused; Maryam Babaii waited at the gate.")
    scan_documents(Document.objects.all(), build_matcher())
    confirmed, held = confirm_mentions(MentionSuggestion.objects.all())
    assert (confirmed, held) == (2, 1)
    assert list(Role.objects.filter(document=document, role="mentioned").values_list("person__name", flat=True)) == [
        "Massoud Rajavi"
    ]
    assert MentionSuggestion.objects.get(person=private).status == Decision.CONFIRMED


@pytest.mark.django_db
def test_rejected_mentions_stay_rejected_after_a_rescan(make_document, make_place):
    place = make_place("Paris")
    make_document(body="Paris Hilton is not the city.")
    scan_documents(Document.objects.all(), build_matcher())
    reject_mentions(MentionSuggestion.objects.all())
    scan_documents(Document.objects.all(), build_matcher())
    assert list(MentionSuggestion.objects.values_list("status", flat=True)) == [Decision.REJECTED]
    assert not Role.objects.filter(place=place).exists()


@pytest.mark.django_db
def test_bulk_confirm_in_the_admin(curator_client, make_document, make_organisation):
    org = make_organisation("Iran Interlink", aliases=["IIL"])
    document = make_document(body="Iran-Interlink wrote; IIL signed.")
    scan_documents(Document.objects.all(), build_matcher())
    url = reverse("admin:curation_mentionsuggestion_changelist")
    ids = list(MentionSuggestion.objects.values_list("pk", flat=True))
    response = curator_client.post(url, {"action": "confirm", "_selected_action": ids})
    assert response.status_code == 302
    assert Role.objects.filter(document=document, organisation=org, role="mentioned").count() == 1
    listing = curator_client.get(url)
    assert listing.status_code == 200 and "<mark>Iran-Interlink</mark>" in listing.content.decode()


@pytest.mark.django_db
def test_mention_list_query_count_does_not_grow(curator_client, make_document, make_person,
                                               django_assert_max_num_queries):
    make_person("Anne Singleton")
    for _ in range(3):
        make_document(body="Anne Singleton visited.")
    scan_documents(Document.objects.all(), build_matcher())
    url = reverse("admin:curation_mentionsuggestion_changelist")
    curator_client.get(url)
    with django_assert_max_num_queries(12):
        curator_client.get(url)
    for _ in range(10):
        make_document(body="Anne Singleton visited again.")
    scan_documents(Document.objects.all(), build_matcher())
    with django_assert_max_num_queries(12):
        curator_client.get(url)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from archive.curation.matching import _TABLE, fold_for_matching, match_key  # noqa: E402

NAMES = ["Ṣāliḥ Müller", "مجاهدین خلق", "Al-Maliki", "STRASSE", "Camp Ashraf"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), max_size=12))
def test_every_match_is_the_name_at_its_offsets_whatever_the_text(pieces):
    text = " ".join(pieces)
    matcher = NameMatcher([(name, name) for name in NAMES])
    keys = {match_key(name) for name in NAMES}
    for match in matcher.find(text):
        assert text[match.start : match.end] == match.text
        assert match_key(match.text) == match.key and match.key in keys
    # The fast folding path agrees with folding one character at a time.
    assert fold_for_matching(text).folded.strip() == " ".join(text.translate(_TABLE).split())
