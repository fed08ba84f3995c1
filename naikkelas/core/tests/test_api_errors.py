"""The API's error answers (401, 403, 400, 422) in Indonesian, and a schema that says what the server
checks: unique component names, bounded integers, patterns for the codes it takes."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naikkelas.accounts.models import Membership, Organisation
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.api import api as the_api
from naikkelas.mentoring.models import Consultation, Mentor
from naikkelas.privacy.models import DataRequest
from naikkelas.registry.models import Enterprise, Person
from naikkelas.selection.models import Application, Review
from naikkelas.testing.factories import Personas, staff
from naikkelas.testing.mentoring import make_mentee
from naikkelas.testing.programs import batch as make_batch
from naikkelas.training.models import Assignment, Submission

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
        ({"workers": float("inf")}, "workers", "Harus berupa bilangan bulat."),
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


def test_a_whole_number_with_a_decimal_point_is_an_integer(personas: Personas) -> None:
    """JSON Schema counts 2.0 as an integer; so does the API (the fuzzing sent such numbers)."""
    enterprise = personas.semarang_enterprise
    body = {"enterprise_id": float(enterprise.pk), "period": "2021-02-01", "omzet": 9e6, "aset": 30_000_000,
            "workers": 2.0, "source": "import"}  # fmt: skip
    response = api(personas.semarang_admin).post(
        "/api/v1/metric-reports", body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert enterprise.reports.get().omzet == 9_000_000


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


# Read-only asking to write: 403; outside one's scope: 404


@dataclass
class WriteTargets:
    review: Review
    assignment: Assignment
    office: Organisation
    enterprise: Enterprise
    deletion: DataRequest
    export: DataRequest


def _write_targets(personas: Personas) -> WriteTargets:
    """A Semarang batch with an application under review, an assignment, the Semarang office, the
    participant's enterprise and two of her data requests: everything the ministry viewer may read."""
    from naikkelas.privacy import services as privacy

    mentee = make_mentee(personas)
    office = personas.semarang_admin.memberships.get().organisation
    the_batch = make_batch(mentee.level, office)
    application = Application.objects.create(
        batch=the_batch, level=mentee.level, enterprise=mentee.enterprise, person=personas.participant_person,
        baseline=mentee.baseline, status=Application.Status.ELIGIBLE, consent_purpose="…", consent_version="t",
        consented_at=timezone.now(), status_nonce="n-1", province_code="33", regency_code="33.74",
    )  # fmt: skip
    reviewer = staff("penilai", "33.74", Membership.Role.REVIEWER)
    return WriteTargets(
        review=Review.objects.create(application=application, reviewer=reviewer),
        assignment=Assignment.objects.create(
            batch=the_batch, title="Hitung HPP", instructions="…", due_on=date(2021, 5, 12)
        ),
        office=office,
        enterprise=mentee.enterprise,
        deletion=privacy.deletion_request(person=personas.participant_person),
        export=privacy.request_open(person=personas.participant_person, kind=DataRequest.Kind.EXPORT),
    )


WRITES: list[tuple[str, Any, Any]] = [  # (label, path, body), from the targets
    ("review", lambda t: f"/api/v1/reviews/{t.review.pk}", lambda t: {"scores": {}, "comment": "x"}),
    ("submission", lambda t: f"/api/v1/assignments/{t.assignment.pk}/submission", lambda t: {"text": "x"}),
    ("mentor", lambda t: "/api/v1/mentors",
     lambda t: {"office_id": t.office.pk, "username": "pendamping_baru", "first_name": "Baru"}),
    ("consultation", lambda t: "/api/v1/consultations",
     lambda t: {"enterprise_id": t.enterprise.pk, "category": "finance", "description": "Tolong bantu pemasaran"}),
    ("refuse", lambda t: f"/api/v1/privacy/requests/{t.export.pk}/refuse", lambda t: {"note": "Tidak"}),
    ("complete", lambda t: f"/api/v1/privacy/requests/{t.deletion.pk}/complete", lambda t: {}),
]  # fmt: skip


def _state(targets: WriteTargets) -> tuple[Any, ...]:
    targets.review.refresh_from_db()
    targets.deletion.refresh_from_db()
    targets.export.refresh_from_db()
    return (
        targets.review.submitted_at, Submission.objects.count(), Mentor.objects.count(),
        Consultation.objects.count(), targets.deletion.status, targets.export.status,
    )  # fmt: skip


@pytest.mark.parametrize(("label", "path", "body"), WRITES, ids=[w[0] for w in WRITES])
def test_the_ministry_viewer_writing_what_it_may_read_gets_403(
    personas: Personas, label: str, path: Any, body: Any
) -> None:
    """What the security test found: `kementerian` got 404 here, as if the object were absent."""
    targets = _write_targets(personas)
    before = _state(targets)
    response = api(personas.viewer).post(path(targets), body(targets), content_type="application/json")
    assert response.status_code == 403, response.json()
    assert response.json() == {"detail": "Peran Anda tidak boleh mengubah data ini."}
    assert _state(targets) == before


@pytest.mark.parametrize(("label", "path", "body"), WRITES, ids=[w[0] for w in WRITES])
def test_a_participant_writing_what_is_not_hers_gets_404(
    personas: Personas, label: str, path: Any, body: Any
) -> None:
    """The other participant sees none of these objects: for her they are absent, not forbidden."""
    targets = _write_targets(personas)
    before = _state(targets)
    response = api(personas.other_participant).post(
        path(targets), body(targets), content_type="application/json"
    )
    assert response.status_code == 404, response.json()
    assert _state(targets) == before


def test_the_kudus_admin_gets_404_for_the_semarang_office_and_403_is_only_for_its_own_region(
    personas: Personas,
) -> None:
    targets = _write_targets(personas)
    body = {"office_id": targets.office.pk, "username": "pendamping_baru", "first_name": "Baru"}
    assert (
        api(personas.kudus_admin).post("/api/v1/mentors", body, content_type="application/json").status_code
        == 404
    )
    assert (
        api(personas.province_admin)
        .post("/api/v1/mentors", body, content_type="application/json")
        .status_code
        == 403
    )
    created = api(personas.semarang_admin).post("/api/v1/mentors", body, content_type="application/json")
    assert created.status_code == 201, created.json()


def test_the_reviewer_still_scores_her_own_review(personas: Personas) -> None:
    targets = _write_targets(personas)
    reviewer = targets.review.reviewer
    criteria = dict.fromkeys(targets.review.application.batch.level.criteria.values_list("key", flat=True), 4)
    response = api(reviewer).post(
        f"/api/v1/reviews/{targets.review.pk}",
        {"scores": criteria, "comment": "Baik"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    targets.review.refresh_from_db()
    assert targets.review.comment == "Baik"


def test_the_review_form_and_the_request_page_answer_the_viewer_403(personas: Personas) -> None:
    targets = _write_targets(personas)
    client = Client()
    client.force_login(personas.viewer)
    assert client.get(reverse("selection:review_form", args=[targets.review.pk])).status_code == 403
    assert client.get(reverse("privacy:request_detail", args=[targets.deletion.pk])).status_code == 403
    outsider = Client()
    outsider.force_login(personas.other_participant)
    assert outsider.get(reverse("selection:review_form", args=[targets.review.pk])).status_code == 404
    assert outsider.get(reverse("privacy:request_detail", args=[targets.deletion.pk])).status_code == 404


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("22003", "Angka terlalu besar."),
        ("22001", "Teks terlalu panjang untuk disimpan."),
        ("22008", "Tanggal atau waktu di luar rentang yang dapat disimpan."),
        ("22P02", "Nilai ini tidak dapat disimpan; periksa isinya."),
    ],
)
def test_a_value_the_database_refuses_is_named_by_what_it_is(state: str, message: str) -> None:
    """PostgreSQL's refusal is told by its SQLSTATE: every DataError used to read "Angka terlalu besar."
    (a text too long for its column too)."""
    from django.db import DataError
    from django.test import RequestFactory

    from naikkelas.api import value_out_of_range

    class Refusal(Exception):
        sqlstate = state

    error = DataError("refused")
    error.__cause__ = Refusal()
    response = value_out_of_range(RequestFactory().get("/api/v1/enterprises"), error)
    assert response.status_code == 422
    assert json.loads(response.content) == {"detail": [{"field": "__all__", "message": message}]}
