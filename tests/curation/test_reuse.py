"""Text reuse that scales: fingerprints stored once per document, one lookup per new text,
the check run in the background with its progress shown to the curator, and a stopped
`import_pages` finished by running it again."""

import random
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from archive.curation import reuse
from archive.curation.importer import PageImporter
from archive.curation.models import ReuseCheck, TextFingerprint, TextReuseProposal
from archive.models import Document

PASSAGE = (
    "The water board has refused for three years to publish the survey of the lower valley, "
    "and the families who fish the river still do not know what the dam has done to it."
)
# 400 made-up words: unrelated texts share no run of words long enough to matter.
FILLER = [a + b for a in ("har", "mel", "dor", "vin", "sal", "bre", "tor", "quen", "lis", "gav", "pol", "nir",
                          "fes", "rud", "cal", "mob", "zen", "tek", "yar", "wol")
          for b in ("bor", "din", "ska", "lem", "vat", "rop", "ul", "eng", "mar", "ist", "oka", "ten", "ric", "aph",
                    "ude", "ion", "ber", "sat", "gol", "wen")]


def filler(seed: int, words: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(FILLER) for _ in range(words)) + "."


def quoting_post(seed: int = 0) -> str:
    return f"Letters from the valley\n\n{filler(seed, 40)}\n\nA fisherman wrote: “{PASSAGE}”\n\n{filler(seed + 1, 40)}\n"


@pytest.fixture
def archive_of(make_document):
    """An archive of `sharing` documents that quote PASSAGE and `unrelated` that do not, with
    their fingerprints stored (as `find_text_reuse` leaves them)."""

    def make(sharing: int, unrelated: int):
        for n in range(sharing):
            make_document(body=f"{filler(1000 + n)}\n\n{PASSAGE}\n\n{filler(2000 + n)}", date_edtf="2019-03-03")
        for n in range(unrelated):
            make_document(body=filler(3000 + n, 300))
        reuse.fingerprint_archive()

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("sharing, unrelated", [(2, 3), (30, 60)])
def test_upload_answers_without_looking_for_shared_text_and_proposals_follow_in_the_background(
    curator_client, archive_of, sharing, unrelated, django_assert_max_num_queries, django_capture_on_commit_callbacks,
):
    archive_of(sharing, unrelated)
    upload = SimpleUploadedFile("post.txt", quoting_post().encode())
    # The same bound for 5 and 90 documents: the request never reads the archive's texts.
    # (Under the tests' immediate task backend the page's own name scan runs in the request
    # too, a few queries however large the archive; in production it is one queued row.)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with django_assert_max_num_queries(32):
            response = curator_client.post(reverse("admin:curation_upload"), {"pages": [upload]})
    assert response.status_code == 200
    assert "checking for shared text…" in response.content.decode()
    draft = Document.objects.get(title="Letters from the valley")
    assert TextReuseProposal.objects.count() == 0
    pages = curator_client.get(reverse("admin:curation_importedpage_changelist")).content.decode()
    assert "checking for shared text…" in pages
    review = curator_client.get(reverse("admin:archive_document_review", args=[draft.pk])).content.decode()
    assert "Checking for shared text…" in review

    for callback in callbacks:  # what the worker does once the upload is committed
        callback()
    proposals = TextReuseProposal.objects.filter(source=draft)
    assert proposals.count() == sharing and TextReuseProposal.objects.count() == sharing
    assert {p.kind for p in proposals} == {"quotes"} and all(p.shared_words >= reuse.MIN_SHARED_WORDS for p in proposals)
    draft.refresh_from_db()
    assert draft.date_edtf == "2019-03-03~"  # undated: about the date of what it quotes, or later
    pages = curator_client.get(reverse("admin:curation_importedpage_changelist")).content.decode()
    assert "checked for shared text" in pages and "checking for shared text…" not in pages


@pytest.mark.django_db
@pytest.mark.parametrize("unrelated", [5, 80])
def test_a_check_reads_only_the_documents_sharing_a_fingerprint(
    archive_of, make_document, unrelated, django_assert_max_num_queries,
):
    archive_of(3, unrelated)
    new = make_document(body=quoting_post(7))
    with django_assert_max_num_queries(32):
        proposals = reuse.check_document(new.pk)
    assert len(proposals) == 3
    check = ReuseCheck.objects.get(document=new)
    assert check.checked_digest == check.fingerprinted_digest == reuse.body_digest(new.body)


def test_any_shared_passage_of_the_minimum_length_leaves_a_fingerprint_in_common():
    rng = random.Random(12)
    vocabulary = [f"w{n}" for n in range(5000)]
    for _ in range(300):
        passage = " ".join(rng.choice(vocabulary) for _ in range(reuse.MIN_SHARED_WORDS))
        a = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 300))) + f" {passage} " + "x y z"
        b = "a b " + " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 300))) + f" {passage}"
        assert set(reuse.fingerprints(a)) & set(reuse.fingerprints(b))


def test_fingerprints_are_few_and_short_texts_keep_none():
    text = " ".join(f"w{n}" for n in range(400))
    assert 0 < len(reuse.fingerprints(text)) < 400 * 3 / (reuse.WINDOW + 1)
    assert reuse.fingerprints(" ".join(f"w{n}" for n in range(reuse.MIN_SHARED_WORDS - 1))) == []


@pytest.mark.django_db
def test_a_changed_text_is_fingerprinted_and_checked_again(archive_of, make_document, django_capture_on_commit_callbacks):
    archive_of(2, 2)
    document = make_document(body=filler(9, 200))
    reuse.check_document(document.pk)
    before = set(TextFingerprint.objects.filter(document=document).values_list("hash", flat=True))
    assert TextReuseProposal.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        document.body = quoting_post(3)
        document.save()
    after = set(TextFingerprint.objects.filter(document=document).values_list("hash", flat=True))
    assert after and after != before and after == set(reuse.fingerprints(document.body))
    assert TextReuseProposal.objects.filter(source=document).count() == 2
    assert ReuseCheck.objects.get(document=document).checked_digest == reuse.body_digest(document.body)


@pytest.mark.django_db
def test_rerunning_import_pages_after_it_was_stopped_checks_the_pages_it_had_imported(pages, make_document):
    letter = make_document(body=f"{filler(5)}\n\n{PASSAGE}\n\n{filler(6)}")
    reuse.fingerprint_archive()
    post = pages("post.txt", quoting_post())
    # Stopped half-way: the page was imported, and its check never asked for nor made.
    imported = PageImporter().import_path(post)
    assert imported.status == "imported" and not ReuseCheck.objects.filter(document=imported.document).exists()

    out = StringIO()
    call_command("import_pages", str(post), str(pages.folder / "article.txt"), "--no-progress", stdout=out)
    assert "1 for pages imported before whose check was never completed" in out.getvalue()
    proposal = TextReuseProposal.objects.get()
    assert (proposal.source, proposal.target) == (imported.document, letter)
    assert reuse.check_state(Document.objects.get(pk=imported.document.pk)) == reuse.CHECKED

    out = StringIO()
    call_command("import_pages", str(post), "--no-progress", stdout=out)
    assert "never completed" not in out.getvalue() and TextReuseProposal.objects.count() == 1


@pytest.mark.django_db
def test_find_text_reuse_fingerprints_documents_loaded_in_bulk_and_meets_each_pair_once(make_document):
    Document.objects.bulk_create([
        Document(title=f"Loaded {n}", slug=f"loaded-{n}", body=f"{filler(n)}\n\n{PASSAGE}\n\n{filler(n + 50)}")
        for n in range(4)
    ] + [Document(title="Unrelated", slug="unrelated", body=filler(99, 300))])
    out = StringIO()
    call_command("find_text_reuse", "--no-progress", stdout=out)
    assert TextReuseProposal.objects.count() == 6  # every pair of the four, once
    assert "6 new proposals." in out.getvalue()
    assert ReuseCheck.objects.exclude(fingerprinted_digest="").count() == 5
    call_command("find_text_reuse", "--no-progress", stdout=StringIO())
    assert TextReuseProposal.objects.count() == 6
