"""schemathesis against /api/v1/openapi.json: every operation, a bounded number of generated requests
(valid and invalid), as a province admin with data to find. No request may cause a server error, and
every response must match the schema (status code, content type, body).

The number of cases tried is printed at the end of the run (conftest.py's terminal summary).
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from naikkelas.accounts.services import api_token_create
from naikkelas.testing.factories import Personas
from naikkelas.testing.mentoring import make_mentee
from naikkelas.wsgi import application

MAX_EXAMPLES = 12
CASES: dict[str, Any] = {"count": 0, "operations": set()}  # read by conftest.py

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def token(personas: Personas) -> Iterator[str]:
    make_mentee(personas)  # programs, a batch, a graduate, a mentor, follow-ups
    # schemathesis calls the WSGI app directly; like Django's test client, keep the request signals from
    # closing the test's database connection (on PostgreSQL that would end the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield api_token_create(user=personas.province_admin)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_every_generated_request_within_its_schema(case: Any, token: str) -> None:
    CASES["count"] += 1
    CASES["operations"].add(case.operation.label)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


def test_numbers_beyond_the_database_are_refused_plainly(personas: Personas) -> None:
    """What the fuzzing found: page numbers and ids past 2⁶³ used to reach the database (500)."""
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.province_admin)}"})
    assert client.get("/api/v1/mentors?page=193760499854362641602713747456").status_code == 422
    assert client.post(
        "/api/v1/assignments/40882852607245123584/submission", {}, content_type="application/json"
    ).status_code in (404, 422)
    assert client.get("/api/v1/enterprises/40882852607245123584").status_code in (404, 422)
    assert client.get("/api/v1/enterprises?page=2").status_code == 200


def test_the_schema_has_no_duplicate_keys(db: None) -> None:
    """Swagger UI parses the document strictly: a status listed twice ("422" and 422) blanks the docs page."""
    import json

    from django.test import Client

    def refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    body = Client().get("/api/v1/openapi.json").content
    schema = json.loads(body, object_pairs_hook=refuse_duplicates)
    assert set(schema["paths"]["/api/v1/enterprises"]["get"]["responses"]) >= {
        "200",
        "401",
        "403",
        "404",
        "422",
    }
