"""With the database unreachable, every surface answers 503 with Retry-After in its own
format, and answers normally again as soon as the database is back."""

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_down():
    """The default database unreachable; calling the fixture's value brings it back.

    On PostgreSQL the connection really goes to a port where nothing listens. SQLite's test
    database lives in memory and would be lost if its connection were closed, so there the
    connection is made to fail as the driver fails on an unreadable file."""
    if connection.vendor == "postgresql":
        saved = dict(connection.settings_dict)
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT="9")  # the discard port: refused

        def restore():
            connection.close()
            connection.settings_dict.update(saved)
    else:
        wrapper = connections["default"]
        kept = wrapper.connection

        def unreachable():
            raise OperationalError("unable to open database file")

        wrapper.ensure_connection = unreachable
        wrapper.connection = None

        def restore():
            wrapper.__dict__.pop("ensure_connection", None)
            wrapper.connection = kept

    yield restore
    restore()


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/api/documents/", "/api/people/", "/api/search/?q=letter", "/api/documents/x/"])
def test_the_api_answers_503_json_with_retry_after(reader, make_document, database_down, path):
    response = reader.get(path)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json" and "retry" in response.json()["detail"].lower()
    assert int(response["Retry-After"]) > 0


def test_oai_answers_503_xml_with_retry_after(reader, make_document, database_down):
    response = reader.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/xml") and b"OAI-PMH" in response.content


@pytest.mark.parametrize("path", ["/", "/documents/", "/documents/x/", "/timeline/", "/documents/feed/"])
def test_pages_answer_the_styled_503_with_retry_after(reader, make_document, database_down, path):
    response = reader.get(path)
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html") and "unavailable for a moment" in body
    assert 'class="site-name"' in body  # the site's own page, with its navigation


def test_requests_succeed_again_when_the_database_is_back(reader, make_document, database_down):
    assert reader.get("/api/documents/").status_code == 503
    database_down()  # the database is back: no restart of the application
    assert reader.get("/api/documents/").status_code == 200
    assert reader.get("/documents/").status_code == 200
