import pytest
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.models import AuditEvent
from naikkelas.registry.models import Enterprise, Person
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def api(user: object) -> Client:
    token = api_token_create(user=user)  # type: ignore[arg-type]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_token_is_issued_for_right_password_only(personas: Personas) -> None:
    client = Client()
    ok = client.post(
        "/api/v1/auth/token",
        {"username": "semarang", "password": "naikkelas"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    token = ok.json()["token"]
    listed = client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200
    bad = client.post(
        "/api/v1/auth/token", {"username": "semarang", "password": "salah"}, content_type="application/json"
    )
    assert bad.status_code == 401


def test_without_token_is_401() -> None:
    assert Client().get("/api/v1/enterprises").status_code == 401


def test_enterprise_list_is_scoped(personas: Personas) -> None:
    body = api(personas.semarang_admin).get("/api/v1/enterprises").json()
    names = {item["name"] for item in body["items"]}
    assert names == {"Bandeng Presto Bu Sri"}
    assert body["count"] == 1


def test_other_region_enterprise_is_404(personas: Personas) -> None:
    response = api(personas.semarang_admin).get(f"/api/v1/enterprises/{personas.kudus_enterprise.pk}")
    assert response.status_code == 404


def test_participant_gets_404_for_another_person(personas: Personas) -> None:
    client = api(personas.participant)
    assert client.get(f"/api/v1/persons/{personas.participant_person.pk}").status_code == 200
    assert client.get(f"/api/v1/persons/{personas.other_person.pk}").status_code == 404


def test_viewer_gets_403_on_write(personas: Personas) -> None:
    response = api(personas.viewer).patch(
        f"/api/v1/enterprises/{personas.kudus_enterprise.pk}", {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    personas.kudus_enterprise.refresh_from_db()
    assert personas.kudus_enterprise.name == "Jenang Kudus Makmur"


def test_nik_is_masked_for_viewer_full_for_admin(personas: Personas) -> None:
    pk = personas.participant_person.pk
    nik = personas.participant_person.nik
    assert api(personas.viewer).get(f"/api/v1/persons/{pk}").json()["nik"] == f"{nik[:4]}********{nik[-4:]}"
    assert api(personas.semarang_admin).get(f"/api/v1/persons/{pk}").json()["nik"] == nik


def test_create_person_with_bad_nik_is_422_with_field_and_indonesian_message(personas: Personas) -> None:
    response = api(personas.semarang_admin).post(
        "/api/v1/persons",
        {"nik": "3374011203800000", "name": "A", "sex": "M", "birth_date": "1980-03-12",
         "address_district": "33.74.01"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0] == {"field": "nik", "message": "Nomor urut NIK tidak boleh 0000."}
    assert Person.objects.filter(name="A").count() == 0


def test_missing_field_is_422_in_indonesian(personas: Personas) -> None:
    response = api(personas.semarang_admin).post(
        "/api/v1/persons", {"name": "A"}, content_type="application/json"
    )
    assert response.status_code == 422
    fields = {item["field"]: item["message"] for item in response.json()["detail"]}
    assert fields["nik"] == "Wajib diisi."


def test_admin_creates_and_updates_enterprise_and_reports(personas: Personas) -> None:
    client = api(personas.semarang_admin)
    created = client.post(
        "/api/v1/enterprises",
        {"owner_id": personas.participant_person.pk, "name": "Kerupuk Ikan Bu Sri", "sector": "fishery",
         "district": "33.74.02", "started_on": "2016-05-01"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    patched = client.patch(
        f"/api/v1/enterprises/{pk}", {"nib": "9120012345679"}, content_type="application/json"
    )
    assert patched.json()["nib"] == "9120012345679"
    report = client.post(
        "/api/v1/metric-reports",
        {"enterprise_id": pk, "period": "2021-02-01", "omzet": 9000000, "aset": 30000000,
         "workers": 2, "source": "import"},
        content_type="application/json",
    )  # fmt: skip
    assert report.status_code == 201
    negative = client.post(
        "/api/v1/metric-reports",
        {"enterprise_id": pk, "period": "2021-03-01", "omzet": -5, "aset": 0, "workers": 2, "source": "import"},
        content_type="application/json",
    )  # fmt: skip
    assert negative.status_code == 422
    assert Enterprise.objects.get(pk=pk).size_class == "micro"
    assert AuditEvent.objects.filter(object_id=str(pk), object_type="registry.enterprise").count() == 2


def test_semarang_admin_cannot_create_in_kudus(personas: Personas) -> None:
    response = api(personas.semarang_admin).post(
        "/api/v1/enterprises",
        {"owner_id": personas.participant_person.pk, "name": "X", "sector": "food",
         "district": "33.19.01", "started_on": "2016-05-01"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403


def test_regions_filter_by_parent_and_kind(personas: Personas) -> None:
    body = api(personas.viewer).get("/api/v1/regions", {"parent": "33", "kind": "regency"}).json()
    assert body["count"] == 35
    assert {"code": "33.74", "name": "Kota Semarang", "kind": "regency", "parent_code": "33"} in body["items"]


def test_openapi_document_lists_the_endpoints() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/enterprises", "/api/v1/persons", "/api/v1/metric-reports", "/api/v1/regions",
                 "/api/v1/auth/token"]:  # fmt: skip
        assert path in paths


def _registry_rows(personas: Personas) -> dict[str, tuple[str, object]]:
    from naikkelas.testing.factories import MetricReportFactory

    report = MetricReportFactory.create(enterprise=personas.semarang_enterprise, source="import")
    return {
        "persons": (str(personas.participant_person.pk), personas.participant_person),
        "enterprises": (str(personas.semarang_enterprise.pk), personas.semarang_enterprise),
        "metric-reports": (str(report.pk), report),
    }


PATCH_FIELDS = {
    "persons": ["name", "sex", "birth_date", "phone", "email", "address_district"],
    "enterprises": ["name", "nib", "kbli_code", "kbli_version", "sector", "district", "started_on"],
    "metric-reports": ["period", "omzet", "aset", "workers", "note"],
}


@pytest.mark.parametrize(
    ("path", "field"), [(path, field) for path, fields in PATCH_FIELDS.items() for field in fields]
)
def test_patch_with_null_names_the_field_and_changes_nothing(
    personas: Personas, path: str, field: str
) -> None:
    """What the fuzzing found: a null for a required field reached the service (500), and `"district":
    null` said "Kode kecamatan None tidak dikenal."."""
    pk, row = _registry_rows(personas)[path]
    before = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}  # type: ignore[attr-defined]
    response = api(personas.province_admin).patch(
        f"/api/v1/{path}/{pk}", {field: None}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "field": field,
                "message": f"Isian {field} tidak boleh null; kirim nilainya, atau tinggalkan isian itu.",
            }
        ]
    }
    row.refresh_from_db()  # type: ignore[attr-defined]
    assert {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields} == before  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", list(PATCH_FIELDS))
@pytest.mark.parametrize("body", ["[null, null]", "[]", '"name"', "3"])
def test_patch_with_a_body_that_is_not_an_object_is_422(personas: Personas, path: str, body: str) -> None:
    """What the fuzzing found: `[null, null]` was read as an object with every field left out (200)."""
    pk, _row = _registry_rows(personas)[path]
    response = api(personas.province_admin).patch(
        f"/api/v1/{path}/{pk}", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "body", "message": "Isi permintaan harus berupa objek JSON."}]
    }


def test_patch_leaves_out_what_is_not_sent(personas: Personas) -> None:
    enterprise = personas.semarang_enterprise
    response = api(personas.semarang_admin).patch(
        f"/api/v1/enterprises/{enterprise.pk}", {"kbli_code": "10792", "kbli_version": "2020"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    enterprise.refresh_from_db()
    assert (enterprise.kbli_code, enterprise.kbli_version, enterprise.name) == (
        "10792",
        "2020",
        "Bandeng Presto Bu Sri",
    )


def test_api_takes_the_nik_as_sixteen_digits_only(personas: Personas) -> None:
    response = api(personas.semarang_admin).post(
        "/api/v1/persons",
        {"nik": "3374.0152.0380.0001", "name": "Rina", "sex": "F", "birth_date": "1980-03-12",
         "address_district": "33.74.01"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "nik", "message": "Bentuknya tidak sesuai pola ^[0-9]{16}$."}]
    }
    assert not Person.objects.filter(name="Rina").exists()
