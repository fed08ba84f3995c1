"""The API's error answers (401, 403, 400, 422) in Indonesian, and a schema that says what the server
checks: unique component names, bounded integers, patterns for the codes it takes."""

import json
from typing import Any

import pytest
from django.test import Client

from naikkelas.accounts.services import api_token_create
from naikkelas.api import api as the_api
from naikkelas.registry.models import Person
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db

PERSON = {"nik": "3374015203800001", "name": "Rina", "sex": "F", "birth_date": "1980-03-12",
          "address_district": "33.74.01"}  # fmt: skip


def api(user: Any) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


def schema() -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


# 401 and 403: who is asking


def test_a_write_without_a_token_is_401_in_indonesian(personas: Personas) -> None:
    # A real client is not Django's test client: it gets the CSRF check (which answered an English 403).
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/persons", PERSON, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Perlu masuk (token)."}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert not Person.objects.filter(name="Rina").exists()


def test_a_write_with_a_wrong_token_is_401_in_indonesian(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer bukan-token-yang-benar"})
    response = client.post("/api/v1/persons", PERSON, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Perlu masuk (token)."}
    assert client.get("/api/v1/enterprises").status_code == 401


def test_a_signed_in_session_still_needs_the_csrf_token_to_write(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.semarang_admin)
    assert client.get("/api/v1/enterprises").status_code == 200  # reading needs no token
    forged = client.post("/api/v1/persons", PERSON, content_type="application/json")
    assert forged.status_code == 403
    assert forged.json() == {"detail": "Pemeriksaan CSRF gagal: muat ulang halaman lalu kirim lagi."}
    assert not Person.objects.filter(name="Rina").exists()
    client.get("/registri/")  # the page sets the CSRF cookie the browser's script sends back
    token = client.cookies["csrftoken"].value
    allowed = client.post(
        "/api/v1/persons", PERSON, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert allowed.status_code == 201, allowed.json()
    assert Person.objects.filter(name="Rina").count() == 1


# 400: a body that is not JSON


def test_a_body_that_is_not_json_is_400_in_indonesian(personas: Personas) -> None:
    response = api(personas.semarang_admin).post("/api/v1/persons", "nik=1", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Isi permintaan bukan JSON yang benar (baris 1, kolom 1)."}
    broken = api(personas.semarang_admin).post("/api/v1/persons", '{"nik": ', content_type="application/json")
    assert broken.json() == {"detail": "Isi permintaan bukan JSON yang benar (baris 1, kolom 9)."}
    latin1 = api(personas.semarang_admin).post(
        "/api/v1/persons", b'{"name": "Jos\xe9"}', content_type="application/json"
    )
    assert latin1.status_code == 400
    assert latin1.json() == {"detail": "Isi permintaan tidak bisa dibaca sebagai JSON UTF-8."}


# 422: values the schema refuses, in Indonesian, naming the field


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"workers": "2"}, "workers", "Harus berupa bilangan bulat."),
        ({"workers": True}, "workers", "Harus berupa bilangan bulat."),
        ({"workers": 2.5}, "workers", "Harus berupa bilangan bulat."),
        ({"omzet": -1}, "omzet", "Paling kecil 0."),
        ({"omzet": 2**63}, "omzet", "Paling besar 9223372036854775807."),
        ({"period": 0}, "period", "Tanggal harus berformat YYYY-MM-DD."),
        ({"period": "2021-02-30"}, "period", "Tanggal itu tidak ada di kalender."),
        ({"period": "2021-02-01T00:00:00"}, "period", "Tanggal harus berformat YYYY-MM-DD."),
        ({"source": "tebakan"}, "source",
         "Pilihan tidak dikenal; pilih salah satu: 'application', 'follow_up', 'mentor_visit', 'import'."),
        ({"note": 5}, "note", "Harus berupa teks."),
        ({"enterprise_id": None}, "enterprise_id",
         "Isian enterprise_id tidak boleh null; kirim nilainya, atau tinggalkan isian itu."),
    ],
)  # fmt: skip
def test_a_metric_report_of_the_wrong_type_is_refused_by_field(
    personas: Personas, change: dict[str, Any], field: str, message: str
) -> None:
    """What the fuzzing found: a wrong type was read leniently and the report stored (201)."""
    enterprise = personas.semarang_enterprise
    body = {"enterprise_id": enterprise.pk, "period": "2021-02-01", "omzet": 9_000_000, "aset": 30_000_000,
            "workers": 2, "source": "import"} | change  # fmt: skip
    response = api(personas.semarang_admin).post(
        "/api/v1/metric-reports", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": field, "message": message}]}
    assert enterprise.reports.count() == 0


def test_a_missing_body_is_named(personas: Personas) -> None:
    response = api(personas.semarang_admin).post(
        "/api/v1/metric-reports", "", content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "body", "message": "Wajib diisi."}]}


@pytest.mark.parametrize("due_before", ["0", "20210601", "2021-06-01T00:00", "besok"])
def test_follow_ups_due_before_takes_only_a_date(personas: Personas, due_before: str) -> None:
    response = api(personas.province_admin).get("/api/v1/follow-ups", {"due_before": due_before})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "due_before", "message": "Tanggal harus berformat YYYY-MM-DD."}]
    }
    assert (
        api(personas.province_admin).get("/api/v1/follow-ups", {"due_before": "2021-06-01"}).status_code
        == 200
    )


def test_ids_beyond_the_database_are_refused_by_the_schema(personas: Personas) -> None:
    response = api(personas.province_admin).get(f"/api/v1/enterprises/{2**63}")
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "enterprise_id", "message": "Paling besar 9223372036854775807."}]
    }


# The schema says what the server checks


def test_every_enum_component_has_its_own_name_and_values(db: None) -> None:
    """What the fuzzing found: Application.Status and DataRequest.Status shared one `Status` component
    (so `ineligible` broke the documented schema), and /regions?kind= was documented with export|deletion."""
    components = schema()["components"]["schemas"]
    assert "Status" not in components and "Kind" not in components and "Source" not in components
    assert "ineligible" in components["ApplicationStatus"]["enum"]
    assert components["DataRequestStatus"]["enum"] == ["open", "done", "refused"]
    assert components["DataRequestKind"]["enum"] == ["export", "deletion", "withdrawal"]
    assert components["RegionKind"]["enum"] == ["province", "regency", "district"]
    kind = next(p for p in schema()["paths"]["/api/v1/regions"]["get"]["parameters"] if p["name"] == "kind")
    assert kind["schema"]["anyOf"][0] == {"$ref": "#/components/schemas/RegionKind"}


def test_no_two_schemas_share_a_component_name(db: None) -> None:
    """ninja generates each operation's models alone and merges their definitions by name, the later
    silently replacing the earlier: generate them one by one and compare."""
    from ninja.openapi.schema import REF_TEMPLATE
    from ninja.schema import NinjaGenerateJsonSchema

    seen: dict[tuple[str, str], tuple[str, str]] = {}
    clashes = []
    for _prefix, router in the_api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                models = list(operation.models) + list(operation.response_models.values())
                for model in models:
                    if model is None:
                        continue
                    for mode in ("validation", "serialization"):
                        generated = model.model_json_schema(
                            ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode
                        )
                        for name, body in generated.get("$defs", {}).items():
                            text = json.dumps(body, sort_keys=True)
                            where = f"{operation.view_func.__module__}.{operation.view_func.__name__}"
                            if (name, mode) in seen and seen[name, mode][0] != text:
                                clashes.append((name, seen[name, mode][1], where))
                            seen.setdefault((name, mode), (text, where))
    assert clashes == []


def _integers(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        found = [(where, node)] if node.get("type") == "integer" else []
        for key, value in node.items():
            found += _integers(value, f"{where}/{key}")
        return found
    if isinstance(node, list):
        return [item for i, value in enumerate(node) for item in _integers(value, f"{where}/{i}")]
    return []


def test_every_integer_the_api_takes_is_bounded(db: None) -> None:
    """What the fuzzing found: numbers past 2⁶³ were refused (422) though the schema allowed them."""
    document = schema()
    taken = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                taken += _integers(parameter["schema"], f"{method} {path} {parameter['name']}")
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            taken += _integers(body.get("schema", {}), f"{method} {path} body")
    referenced = {"MetricReportIn", "FollowUpIn", "VisitIn", "ReviewIn", "NominationIn", "BatchIn", "MentorIn",
                  "MentorPatch", "AttendanceIn", "GradeIn", "MetricReportPatch", "EnterpriseIn"}  # fmt: skip
    for name in referenced:
        taken += _integers(document["components"]["schemas"][name], name)
    unbounded = [where for where, node in taken if "maximum" not in node or "minimum" not in node]
    assert taken
    assert unbounded == []


def test_session_times_are_documented_as_local_times(db: None) -> None:
    """What the fuzzing found: "08:30:00" is not an RFC 3339 `format: time` (that needs an offset)."""
    session = schema()["components"]["schemas"]["SessionOut"]["properties"]["start_time"]
    assert "format" not in session
    assert session["pattern"] == r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?$"


def test_codes_the_api_takes_are_patterns_in_the_schema(db: None) -> None:
    components = schema()["components"]["schemas"]
    assert components["PersonIn"]["properties"]["nik"]["pattern"] == "^[0-9]{16}$"
    assert (
        components["EnterpriseIn"]["properties"]["district"]["pattern"] == r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$"
    )
    assert components["EnterpriseIn"]["properties"]["nib"]["pattern"] == "^([0-9]{13})?$"


def test_patch_fields_may_be_left_out_but_are_not_nullable(db: None) -> None:
    components = schema()["components"]["schemas"]
    for name in ("PersonPatch", "EnterprisePatch", "MetricReportPatch", "MentorPatch"):
        properties = components[name]["properties"]
        assert "required" not in components[name]
        assert "null" not in json.dumps(properties), name
