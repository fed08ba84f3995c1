"""schemathesis against /api/v1/openapi.json with every check (the CLI's `--checks all`): every operation,
generated requests (valid and invalid), as a province admin with data to find. No request may cause a
server error, every response must match the schema, invalid requests must be refused, and a request the
schema calls valid must get past the schema layer.

Random, replayable: each run draws a seed, printed at the end of the run with the number of cases
(conftest.py's terminal summary). `NK_FUZZ_SEED=<seed>` replays a run; `NK_FUZZ_EXAMPLES=<n>` generates
more per operation (`bench/fuzz_api.py` is the long run before a release).
"""

import os
import random
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import DataError, close_old_connections
from django.http import HttpRequest, HttpResponse
from hypothesis import HealthCheck, seed, settings
from ninja.errors import ValidationError as NinjaValidationError
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.api import api
from naikkelas.testing.factories import Personas
from naikkelas.testing.mentoring import make_mentee
from naikkelas.wsgi import application

MAX_EXAMPLES = int(os.environ.get("NK_FUZZ_EXAMPLES") or 25)
SEED = int(os.environ.get("NK_FUZZ_SEED") or random.randrange(2**32))
CASES: dict[str, Any] = {"count": 0, "operations": set(), "seed": SEED}  # read by conftest.py

load_all_checks()
# Checks configured off, each with its reason; every other registered check runs.
CHECKS_OFF = {
    # It expects every schema-valid request to succeed, but this API has rules a schema cannot hold (the
    # district code must be one of 7,285 in the regions table, an NIK's date must be a real birth date, the
    # owner must be in the caller's scope); `schema_valid_requests_pass_the_schema_layer` keeps its point.
    "positive_data_acceptance",
}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Requests carry a real token (below); generated Authorization headers would be replaced by it, and a
# request "made invalid" only there would be counted as invalid data the server accepted.
schema.config.generation.update(with_security_parameters=False)

# Filled while a request is handled: the 422s that came from the schema layer (pydantic, or a number too
# large for the database), as opposed to a domain rule of a service.
SCHEMA_REFUSALS: list[str] = []


def schema_valid_requests_pass_the_schema_layer(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request schemathesis generated as valid must not be refused for its shape: if it is, the schema
    promises something the server does not accept (a null it allows, a number it does not bound)."""
    if case.meta is None or not case.meta.generation.mode.is_positive or is_unexpected_http_status_case(case):
        return None
    if SCHEMA_REFUSALS:
        raise AssertionError(f"A schema-valid request was refused by the schema layer: {SCHEMA_REFUSALS[0]}")
    return None


ALL_CHECKS = [schema_valid_requests_pass_the_schema_layer] + [
    check for check in CHECKS.get_all() if check.__name__ not in CHECKS_OFF
]


@pytest.fixture
def token(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    make_mentee(personas)  # programs, a batch, a graduate, a mentor, follow-ups
    _checked_import(personas)
    handlers = api._exception_handlers
    for kind in (NinjaValidationError, OverflowError, DataError):
        monkeypatch.setitem(handlers, kind, _recording(handlers[kind]))
    # schemathesis calls the WSGI app directly; like Django's test client, keep the request signals from
    # closing the test's database connection (on PostgreSQL that would end the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield api_token_create(user=personas.province_admin)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _checked_import(personas: Personas) -> None:
    """A checked figures import of the caller's, with a problem and a change, for the import operations
    to find (the coverage phase tries id 1)."""
    from naikkelas.registry.models import ImportJob

    enterprise = personas.semarang_enterprise
    ImportJob.objects.create(
        created_by=personas.province_admin, original_name="angka.xlsx", file="imports/angka.xlsx",
        kind=ImportJob.Kind.FIGURES, status=ImportJob.Status.CHECKED, total_rows=1, warning_count=1,
        problems=[{"row": 2, "column": "NIB", "message": "Periksa NIB.", "blocking": False}],
        changes=[{"row": 2, "enterprise": enterprise.pk, "name": enterprise.name, "period": "2021-08-01",
                  "old": None, "new": [12_500_000, 40_000_000, 4]}],
    )  # fmt: skip


def _recording(handler: Any) -> Any:
    def recording(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = handler(request, exc)
        # Not counted: a text holding NUL on PostgreSQL, which cannot hold it. The refusal names the
        # character (test below); an OpenAPI string cannot say "any character but NUL" short of a
        # pattern on every text field of the schema.
        if not (isinstance(exc, DataError) and "NUL" in str(exc)):
            SCHEMA_REFUSALS.append(response.content.decode())
        return response

    return recording


@schema.parametrize()
@seed(SEED)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,  # the seed alone decides what is generated, so a run can be replayed
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_every_generated_request_within_its_schema(case: Any, token: str) -> None:
    CASES["count"] += 1
    CASES["operations"].add(case.operation.label)
    SCHEMA_REFUSALS.clear()
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=ALL_CHECKS)


def test_every_registered_check_runs_but_the_one_configured_off() -> None:
    names = {check.__name__ for check in ALL_CHECKS}
    assert "not_a_server_error" in names and "negative_data_rejection" in names
    assert "response_schema_conformance" in names and "ignored_auth" in names
    assert names >= set(CHECKS.get_all_names()) - CHECKS_OFF


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


def test_a_nul_character_is_named_as_such_where_the_database_cannot_hold_it(personas: Personas) -> None:
    """PostgreSQL cannot compare a text holding NUL: the answer names the character (it used to say
    "Angka terlalu besar."); SQLite can, and simply finds nothing."""
    from django.db import connection
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.province_admin)}"})
    response = client.get("/api/v1/persons", {"q": "Sri\u0000"})
    if connection.vendor == "postgresql":
        assert response.status_code == 422
        assert "karakter NUL" in response.json()["detail"][0]["message"]
    else:
        assert response.status_code == 200 and response.json()["count"] == 0
