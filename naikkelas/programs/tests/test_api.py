"""PATCH /api/v1/batches/{id}: the organiser's admin renames; the same rules as the page."""

from collections.abc import Mapping
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Batch
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch, program_with_levels

pytestmark = pytest.mark.django_db


def api(user: object) -> Client:
    token = api_token_create(user=user)  # type: ignore[arg-type]
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def semarang_batch(personas: Personas) -> Batch:
    _program, level1, _level2 = program_with_levels(personas.province_admin.memberships.get().organisation)
    return batch(level1, personas.semarang_admin.memberships.get().organisation, title="Uji <b>")


def patch(user: object, pk: int, body: Mapping[str, object]):  # type: ignore[no-untyped-def]
    return api(user).patch(f"/api/v1/batches/{pk}", body, content_type="application/json")


def test_the_organisers_admin_renames_a_batch(semarang_batch: Batch, personas: Personas) -> None:
    response = patch(personas.semarang_admin, semarang_batch.pk, {"title": "Kopi & Teh <Lanjutan>"})
    assert response.status_code == 200
    assert response.json()["title"] == "Kopi & Teh <Lanjutan>"
    assert response.json()["venue"] == "Semarang"  # not sent, not changed
    semarang_batch.refresh_from_db()
    assert semarang_batch.title == "Kopi & Teh <Lanjutan>"
    event = AuditEvent.objects.get(object_type="programs.batch", action="update")
    assert event.changes == {"title": ["Uji <b>", "Kopi & Teh <Lanjutan>"]}


def test_other_regions_get_404_and_read_only_roles_403(semarang_batch: Batch, personas: Personas) -> None:
    body = {"title": "Diambil alih"}
    assert patch(personas.kudus_admin, semarang_batch.pk, body).status_code == 404
    assert patch(personas.participant, semarang_batch.pk, body).status_code == 404
    assert patch(personas.viewer, semarang_batch.pk, body).status_code == 403
    assert patch(personas.province_admin, semarang_batch.pk, body).status_code == 403
    assert patch(personas.semarang_admin, 999_999, body).status_code == 404
    assert (
        Client()
        .patch(f"/api/v1/batches/{semarang_batch.pk}", body, content_type="application/json")
        .status_code
        == 401
    )
    semarang_batch.refresh_from_db()
    assert semarang_batch.title == "Uji <b>"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"title": "   "}, "title", "Tulis judul angkatan."),
        ({"title": "\x00\x07"}, "title", "Tulis judul angkatan."),
        (
            {"title": None},
            "title",
            "Isian title tidak boleh null; kirim nilainya, atau tinggalkan isian itu.",
        ),
        ({"title": "x" * 201}, "title", "Teks terlalu panjang (paling banyak 200 karakter)."),
        ({"capacity": 0}, "capacity", "Paling kecil 1."),
        (
            {"capacity": None},
            "capacity",
            "Isian capacity tidak boleh null; kirim nilainya, atau tinggalkan isian itu.",
        ),
        ({"start_date": "10-05-2021"}, "start_date", "Tanggal harus berformat YYYY-MM-DD."),
        ({"start_date": "2021-03-15"}, "start_date", "Pelatihan dimulai setelah pendaftaran ditutup."),
        ({"closes_on": "2021-02-01"}, "closes_on", "Pendaftaran harus ditutup setelah dibuka."),
    ],
)
def test_bad_values_are_422_with_the_field_and_nothing_changes(
    semarang_batch: Batch, personas: Personas, body: dict[str, object], field: str, message: str
) -> None:
    response = patch(personas.semarang_admin, semarang_batch.pk, body)
    assert response.status_code == 422
    assert {"field": field, "message": message} in response.json()["detail"]
    semarang_batch.refresh_from_db()
    assert (semarang_batch.title, semarang_batch.capacity, semarang_batch.start_date) == (
        "Uji <b>",
        20,
        date(2021, 5, 10),
    )
    assert not AuditEvent.objects.filter(object_type="programs.batch", action="update").exists()


def test_after_publication_only_title_and_venue_change(semarang_batch: Batch, personas: Personas) -> None:
    Batch.objects.filter(pk=semarang_batch.pk).update(published_at=timezone.now())
    refused = patch(personas.semarang_admin, semarang_batch.pk, {"title": "Baru", "capacity": 30})
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {
            "field": "capacity",
            "message": "Hasil seleksi angkatan ini sudah diumumkan; tanggal dan kapasitas tidak dapat diubah lagi "
            "(judul dan tempat masih bisa).",
        }
    ]
    renamed = patch(personas.semarang_admin, semarang_batch.pk, {"title": "Baru", "venue": ""})
    assert renamed.status_code == 200 and (renamed.json()["title"], renamed.json()["venue"]) == ("Baru", "")
    semarang_batch.refresh_from_db()
    assert (semarang_batch.title, semarang_batch.venue, semarang_batch.capacity) == ("Baru", "", 20)


def test_the_operation_is_in_the_openapi_schema(personas: Personas) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/batches/{batch_id}"]["patch"]
    assert set(operation["responses"]) >= {"200", "403", "404", "422"}
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {
        "title", "venue", "start_date", "capacity", "opens_on", "closes_on"
    }  # fmt: skip
