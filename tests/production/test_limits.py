"""Limits stated and enforced: API bodies, the number and size of uploaded pages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from archive.curation.models import ImportedPage

pytestmark = pytest.mark.django_db

PAGE = b"A short page about the river\n\nThe river has changed since the dam was built.\n"


@pytest.fixture
def token_client(curator):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return client


def test_an_oversized_json_body_is_a_json_413(token_client, settings):
    body = json.dumps({"name": "Camps", "slug": "camps", "description": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = token_client.generic("POST", "/api/topics/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json" and "bytes" in response.json()["detail"]


def test_the_upload_form_states_its_limits(curator_client, settings):
    page = curator_client.get(reverse("admin:curation_upload")).content.decode()
    assert f"at most {settings.UPLOAD_MAX_FILES} files and {settings.UPLOAD_MAX_MEGABYTES} MB" in page


def test_as_many_files_as_the_form_promises_are_accepted(curator_client, settings):
    files = [SimpleUploadedFile(f"page-{n}.txt", PAGE, "text/plain") for n in range(150)]
    response = curator_client.post(reverse("admin:curation_upload"), {"pages": files})
    assert response.status_code == 200
    assert ImportedPage.objects.count() == 1  # the same page 150 times: one draft, 149 duplicates
    assert response.content.decode().count("same content as") >= 149


def test_more_files_than_allowed_is_a_page_saying_the_limit(curator_client, settings):
    files = [SimpleUploadedFile(f"page-{n}.txt", PAGE, "text/plain") for n in range(settings.UPLOAD_MAX_FILES + 1)]
    response = curator_client.post(reverse("admin:curation_upload"), {"pages": files})
    assert response.status_code in (200, 400)
    assert f"At most {settings.UPLOAD_MAX_FILES} files" in response.content.decode()
    assert not ImportedPage.objects.exists()


def test_an_upload_over_the_total_limit_is_refused_before_its_body_is_read(curator_client, settings):
    declared = (settings.UPLOAD_MAX_MEGABYTES + 1) * 1024 * 1024
    # The body sent is tiny: reading it as the declared size would fail, so only a response
    # made from the Content-Length alone passes.
    response = curator_client.generic(
        "POST", reverse("admin:curation_upload"), b"--x--\r\n",
        content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(declared),
    )
    assert response.status_code == 413
    assert f"at most {settings.UPLOAD_MAX_MEGABYTES} MB" in response.content.decode()
    assert response["Connection"] == "close"
