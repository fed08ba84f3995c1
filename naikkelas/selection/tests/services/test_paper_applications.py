"""Applications staff type in from paper forms (issue 14.4): the service, the door, the page and the API."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.models import AuditEvent
from naikkelas.notify.models import Message
from naikkelas.programs.models import Batch
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, MetricReport, Person
from naikkelas.selection.models import Application, PendingApplication
from naikkelas.selection.services import applications as application_services
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch

pytestmark = pytest.mark.django_db


def _open(level: Any, organiser: Any, title: str = "") -> Batch:
    today = timezone.localdate()
    return batch(level, organiser, opens=today - timedelta(days=3), closes=today + timedelta(days=10),
                 start=today + timedelta(days=20), title=title)  # fmt: skip


def paper(**changes: object) -> application_services.ApplicationInput:
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    values: dict[str, object] = {
        "nik": "3374015203800001", "name": "Sri Wahyuni Kertas", "phone": "+6281234567890", "email": "",
        "district": Region.objects.get(code="33.74.02"), "enterprise_name": "Bandeng Presto Kertas",
        "nib": "", "sector": "fishery", "started_on": date(2015, 6, 1), "period": last_month.replace(day=1),
        "omzet": 12_000_000, "aset": 40_000_000, "workers": 3, "consent": True, "answers": ["Pemasaran"],
    }  # fmt: skip
    values.update(changes)
    return application_services.ApplicationInput(**values)  # type: ignore[arg-type]


def _written() -> tuple[int, int, int, int]:
    return (Application.objects.count(), Person.objects.count(), Enterprise.objects.count(),
            MetricReport.objects.count())  # fmt: skip


# --- the service ---------------------------------------------------------------------------------------


def test_staff_entry_records_the_application_as_entered_by_the_actor_and_audits_it(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    admin = personas.semarang_admin
    application, token = application_services.application_enter(
        actor=admin, batch=batches["semarang"], data=paper()
    )
    application.refresh_from_db()
    assert application.entered_by == admin
    assert application.status == Application.Status.ELIGIBLE  # evaluated by the same rules
    assert application.person.name == "Sri Wahyuni Kertas"
    assert not PendingApplication.objects.exists()  # no code: staff saw the KTP
    event = AuditEvent.objects.get(object_type="selection.application", object_id=str(application.pk))
    assert (event.actor, event.action) == (admin, "create")
    for kind, pk in (("registry.person", application.person_id), ("registry.enterprise", application.enterprise_id),
                     ("registry.metricreport", application.baseline_id)):  # fmt: skip
        assert AuditEvent.objects.get(object_type=kind, object_id=str(pk)).actor == admin, kind
    receipt = Message.objects.get(template="application_received")
    assert receipt.recipient == "+6281234567890" and token in receipt.context["status_url"]


def test_the_public_form_leaves_entered_by_empty(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    application, _token = application_services.application_submit(batch=batches["semarang"], data=paper())
    assert application.entered_by is None


def test_staff_entry_keeps_one_live_application_per_person_per_level(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    application_services.application_submit(
        batch=batches["semarang"], data=paper()
    )  # she applied online already
    before = _written()
    second = _open(
        batches["semarang"].level, personas.semarang_admin.memberships.get().organisation, "Dasar II"
    )
    with pytest.raises(
        ValidationError, match="Pemilik usaha ini sudah punya pendaftaran aktif di jenjang ini"
    ):
        application_services.application_enter(
            actor=personas.semarang_admin, batch=second, data=paper(enterprise_name="Usaha Lain Bu Sri")
        )
    assert _written() == before


def test_staff_entry_keeps_the_application_window(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    late = timezone.now() + timedelta(days=30)
    with pytest.raises(ValidationError, match="Pendaftaran angkatan ini dibuka"):
        application_services.application_enter(
            actor=personas.semarang_admin, batch=batches["semarang"], data=paper(), now=late
        )
    assert _written() == start


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"consent": False}, "consent", "Persetujuan pemrosesan data diperlukan"),
        ({"nik": "3374013102800001"}, "nik", r"Tanggal lahir pada NIK \(31-02-80\) bukan tanggal"),
        ({"district": "33.19.02"}, "district", "di luar wilayah penyelenggara angkatan ini"),
    ],
)
def test_a_bad_paper_form_names_the_field_and_writes_nothing(
    personas: Personas,
    batches: dict[str, Batch],
    start: tuple[int, ...],
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    if "district" in changes:
        changes = {"district": Region.objects.get(code=changes["district"])}
    with pytest.raises(ValidationError, match=message) as caught:
        application_services.application_enter(
            actor=personas.semarang_admin, batch=batches["semarang"], data=paper(**changes)
        )
    assert field in caught.value.message_dict
    assert _written() == start
    assert not AuditEvent.objects.filter(object_type="selection.application").exists()


def test_an_nib_of_another_owner_is_refused_on_nib(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    application_services.application_submit(batch=batches["semarang"], data=paper(nib="9120012345678"))
    before = _written()
    with pytest.raises(ValidationError, match="NIB ini terdaftar atas nama pemilik lain") as caught:
        application_services.application_enter(
            actor=personas.semarang_admin, batch=batches["semarang"],
            data=paper(nik="3374011204850002", nib="9120012345678", name="Orang Lain"),
        )  # fmt: skip
    assert "nib" in caught.value.message_dict
    assert _written() == before


# --- the door and the page -----------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(**changes: str) -> dict[str, str]:
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    data = {
        "nik": "3374 0152 0380 0001", "name": "Sri Wahyuni Kertas", "phone": "0812-3456-7890", "email": "",
        "enterprise_name": "Bandeng Presto Kertas", "nib": "", "sector": "fishery", "district": "33.74.02",
        "started_on": "2015-06-01", "period": last_month.strftime("%Y-%m"), "omzet": "12.000.000",
        "aset": "40.000.000", "workers": "3", "consent": "on", "answer_0": "Pemasaran digital",
    }  # fmt: skip
    data.update(changes)
    return data


# --- the API -------------------------------------------------------------------------------------------


def api(user: Any) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


def payload(batch_id: int, **changes: object) -> dict[str, object]:
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    body: dict[str, object] = {
        "batch_id": batch_id, "nik": "3374015203800001", "name": "Sri Wahyuni Kertas",
        "phone": "0812 3456 7890", "enterprise_name": "Bandeng Presto Kertas", "sector": "fishery",
        "district": "33.74.02", "started_on": "2015-06-01", "period": last_month.isoformat(),
        "omzet": 12_000_000, "aset": 40_000_000, "workers": 3, "consent": True, "answers": ["Pemasaran"],
    }  # fmt: skip
    body.update(changes)
    return body


def _post(client: Client, body: dict[str, object]) -> Any:
    return client.post("/api/v1/applications", body, content_type="application/json")


def test_the_api_creates_an_application_entered_by_the_token_owner(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    response = _post(api(personas.semarang_admin), payload(batches["semarang"].pk))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "eligible" and body["batch_id"] == batches["semarang"].pk
    assert body["entered_by_id"] == personas.semarang_admin.pk
    application = Application.objects.get(pk=body["id"])
    assert application.person.phone == "+6281234567890"  # normalised as the form does
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    assert application.baseline.period == last_month.replace(day=1)  # the month, whatever day was sent


def test_the_api_records_the_channels_ticked_on_paper_and_nothing_when_not_asked(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    from naikkelas.notify.models import ChannelConsent

    _post(api(personas.semarang_admin), payload(batches["semarang"].pk))
    assert not ChannelConsent.objects.exists()  # the field left out: the question was not asked
    other = payload(batches["semarang"].pk, nik="3374015203800002", phone="0812 0000 0002", channels=["sms"])
    assert _post(api(personas.semarang_admin), other).status_code == 201
    assert {(r.channel, r.opted_in, r.source) for r in ChannelConsent.objects.all()} == {
        ("whatsapp", False, "paper"), ("sms", True, "paper"),
    }  # fmt: skip
    wrong = payload(batches["semarang"].pk, nik="3374015203800003", channels=["telegram"])
    assert _post(api(personas.semarang_admin), wrong).status_code == 422


def test_an_offices_token_creates_only_for_that_offices_batches(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    kudus_portal = api(personas.kudus_admin)
    assert _post(kudus_portal, payload(batches["semarang"].pk)).status_code == 404
    assert _post(kudus_portal, payload(batches["province"].pk)).status_code == 403  # sees it, runs nothing
    assert _post(api(personas.viewer), payload(batches["semarang"].pk)).status_code == 403
    assert _post(api(personas.participant), payload(batches["semarang"].pk)).status_code == 404
    assert _post(Client(), payload(batches["semarang"].pk)).status_code == 401
    assert _written() == start
    created = _post(kudus_portal, payload(batches["kudus"].pk, district="33.19.02", nik="3319015203800001"))
    assert created.status_code == 201, created.content


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "12"}, "phone", "Nomor telepon"),
        ({"email": "bukan-email"}, "email", "Alamat email tidak valid"),
        ({"district": "99.99.99"}, "district", "Kode kecamatan 99.99.99 tidak dikenal"),
        ({"district": "33.19.02"}, "district", "di luar wilayah penyelenggara"),
        ({"consent": False}, "consent", "Persetujuan pemrosesan data diperlukan"),
        ({"nik": "3374013102800001"}, "nik", "bukan tanggal"),
    ],
)
def test_the_api_answers_422_naming_the_field_and_writes_nothing(
    personas: Personas,
    batches: dict[str, Batch],
    start: tuple[int, ...],
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    response = _post(api(personas.semarang_admin), payload(batches["semarang"].pk, **changes))
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert any(item["field"] == field and message in item["message"] for item in detail), detail
    assert _written() == start


def test_the_api_schema_checks_shapes_before_any_rule(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    client = api(personas.semarang_admin)
    for changes, field in (({"nik": "3374"}, "nik"), ({"omzet": -1}, "omzet"), ({"sector": "x"}, "sector"),
                           ({"started_on": "1-6-2015"}, "started_on"), ({"consent": "yes"}, "consent")):  # fmt: skip
        response = _post(client, payload(batches["semarang"].pk, **changes))
        assert response.status_code == 422, (changes, response.content)
        assert field in [item["field"] for item in response.json()["detail"]], response.json()
    body = payload(batches["semarang"].pk)
    del body["name"]
    missing = _post(client, body)
    assert missing.status_code == 422 and "name" in [item["field"] for item in missing.json()["detail"]]
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/applications"]["post"]
    assert "201" in operation["responses"] and "422" in operation["responses"]
    assert _written() == start
