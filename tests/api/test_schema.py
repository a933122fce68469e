"""The OpenAPI schema is served, documents every error, and the API keeps to it under fuzzing."""

import re

import pytest
from django.core import signals
from django.db import close_old_connections
import schemathesis
from schemathesis.config import SchemathesisConfig
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

# No server error, answers as documented, and a request outside the schema refused (a 4xx).
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
    negative_data_rejection,
]
FUZZ = settings(
    max_examples=6, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Reads: every phase, including the coverage phase's boundary and malformed parameters.
read_schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")
# Writes: fuzzing only (the coverage phase's exhaustive bodies take minutes per operation).
write_schema = schemathesis.openapi.from_wsgi(
    "/api/schema/", application,
    config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}),
).include(method=["POST", "PUT", "PATCH", "DELETE"])
# Sequences of calls, each using what an earlier answer returned (a created record's slug
# read, changed and deleted): links schemathesis infers from the schema's response bodies
# and path parameters, since the schema declares none. Without the literals of the
# application's source as sample values: the sequences' database state lasts from one
# example to the next, so a different pool (any code change adds or moves a literal) can
# make a replayed sequence answer differently and Hypothesis report its data as flaky.
workflow_schema = schemathesis.openapi.from_wsgi(
    "/api/schema/", application,
    config=SchemathesisConfig.from_dict({"analysis": {"constants": {"enabled": False}}}),
)
WORKFLOWS = settings(
    max_examples=15, stateful_step_count=6, deadline=None, derandomize=True, database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def in_process_connection():
    """Requests sent straight to the WSGI application end with Django closing the database
    connection, which would end the test's transaction on PostgreSQL; the test client
    avoids this the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_schema_documents_every_error_response(api):
    import yaml

    document = yaml.safe_load(api.get("/api/schema/").content)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "406", "429"} <= codes, (method, path)
            if method == "get":
                assert "304" in codes, (method, path)
            if "{slug}" in path:
                assert "404" in codes, (method, path)
            if "{slug}" in path and method == "get" and not path.startswith("/api/events/"):
                assert "301" in codes, (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert {"401", "403"} <= codes, (method, path)


@pytest.mark.django_db
def test_swagger_ui_is_served_from_the_project(api):
    page = api.get("/api/docs/").content.decode()
    # The name carries a content hash under production settings (manifest storage).
    assert re.search(r"/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle(\.[0-9a-f]{12})?\.js", page)
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


@pytest.mark.django_db
@read_schema.parametrize()
@FUZZ
def test_anonymous_reads_keep_to_the_schema(case, archive, in_process_connection):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@write_schema.parametrize()
@FUZZ
def test_curator_writes_keep_to_the_schema(case, archive, curator, in_process_connection):
    token, _ = Token.objects.get_or_create(user=curator)
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {token.key}"})


@pytest.mark.django_db
def test_curator_workflows_keep_to_the_schema(archive, curator, in_process_connection):
    token, _ = Token.objects.get_or_create(user=curator)
    answered = []

    class CuratorWorkflow(workflow_schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Token {token.key}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            answered.append((case.method, case.path, response.status_code))
            case.validate_response(response, checks=CHECKS)

    CuratorWorkflow.run(settings=WORKFLOWS)
    # The sequences reached records made earlier in them: a record's own address answered.
    assert any("{slug}" in path and status < 300 for _method, path, status in answered), answered[:20]
