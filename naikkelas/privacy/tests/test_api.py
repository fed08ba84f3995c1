"""A person's rights through the API (and the same answer on the page), the access log and the breach list."""

from datetime import date, timedelta

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.models import AccessLog
from naikkelas.privacy.tests.test_views import signed_in
from naikkelas.registry.models import Person
from naikkelas.testing.factories import MetricReportFactory, Personas


def test_staff_without_a_person_record_have_no_own_data_page(personas: Personas) -> None:
    assert signed_in(personas.semarang_admin).get(reverse("privacy:mine")).status_code == 403
    assert signed_in(personas.semarang_admin).get("/api/v1/me/data").status_code == 403


def test_full_nik_views_and_exports_are_logged_and_the_breach_list_finds_them(
    personas: Personas, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    person = personas.participant_person
    start = timezone.now() - timedelta(minutes=1)
    admin = signed_in(personas.semarang_admin)
    assert person.nik in admin.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    viewer = signed_in(personas.viewer)
    assert person.nik not in viewer.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    admin.get(reverse("registry:enterprise_export"))
    token = api_token_create(user=personas.semarang_admin)
    Client(headers={"Authorization": f"Bearer {token}"}).get(f"/api/v1/persons/{person.pk}")
    logs = AccessLog.objects.order_by("id")
    assert [(log.username, log.what) for log in logs] == [
        ("semarang", "person_detail"),
        ("semarang", "registry_xlsx"),
        ("semarang", "api_person"),
    ]
    assert all(person.pk in log.person_ids for log in logs)
    assert not AccessLog.objects.filter(username=personas.viewer.username).exists()  # masked: nothing shown
    out = tmp_path / "breach.csv"
    call_command("breach_report", "--from", start.isoformat(), "--to", (timezone.now() + timedelta(minutes=1)).isoformat(),
                 "--csv", str(out))  # fmt: skip
    lines = out.read_text().splitlines()
    assert lines[0].startswith("person_id,name,phone")
    assert any(line.startswith(f"{person.pk},{person.name},") for line in lines[1:])


def test_api_rights_for_the_participant_and_the_admin(personas: Personas) -> None:
    participant = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.participant)}"})
    data = participant.get("/api/v1/me/data").json()
    assert data["pemilik"][0]["nik"] == personas.participant_person.nik
    created = participant.post("/api/v1/me/deletion-request")
    assert created.status_code == 201 and created.json()["kind"] == "deletion"
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.kudus_admin)}"})
    assert kudus.get("/api/v1/privacy/requests?status=open").json()["count"] == 0
    assert kudus.post(f"/api/v1/privacy/requests/{created.json()['id']}/complete").status_code == 404
    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    assert admin.get("/api/v1/privacy/requests?status=open").json()["count"] == 1
    done = admin.post(f"/api/v1/privacy/requests/{created.json()['id']}/complete")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert Person.objects.get(pk=personas.participant_person.pk).anonymised_at is not None
    assert participant.get("/api/v1/me/data").status_code == 401  # the account is closed
    reasons = ApiToken.objects.filter(user=personas.participant).values_list("revoked_reason", flat=True)
    assert list(reasons) == [ApiToken.RevokeReason.DEACTIVATED]  # revoked, by the one service


def test_the_copy_reads_as_a_document_on_the_page_and_through_the_api(personas: Personas) -> None:
    """Labelled sections and fields with values in words: a label, not the code; a date in words; rupiah;
    no ids; the same through the API, in the language asked for."""
    me = personas.participant_person
    MetricReportFactory(enterprise=personas.semarang_enterprise, omzet=12_500_000, period=date(2021, 2, 1))
    page = signed_in(personas.participant).get(reverse("privacy:copy"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "<h2>Data diri</h2>" in text and "<h2>Laporan angka usaha Anda</h2>" in text
    assert f"<dt>Jenis kelamin</dt><dd>{me.get_sex_display()}</dd>" in text
    sector = escape(personas.semarang_enterprise.get_sector_display())
    assert f"<dt>Sektor</dt><dd>{sector}</dd>" in text
    assert f">{personas.semarang_enterprise.sector}<" not in text
    assert "<dt>Id</dt>" not in text and "<dt>ID</dt>" not in text
    assert (
        "<dt>Omzet per bulan (Rp)</dt><dd>Rp12.500.000</dd>" in text
        and "<dt>Bulan</dt><dd>1 Februari 2021</dd>" in text
    )
    assert "%(" not in text

    token = api_token_create(user=personas.participant)
    english = Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    sections = english.get("/api/v1/me/data/document").json()
    assert [section["title"] for section in sections][:3] == [
        "Personal details",
        "Your enterprises",
        "Your business figures",
    ]
    person = {field["label"]: field["value"] for field in sections[0]["records"][0]["fields"]}
    assert person["NIK"] == me.nik and person["Sex"] == ("female" if me.sex == "F" else "male")
    staff = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    assert staff.get("/api/v1/me/data/document").status_code == 403
