"""Data-subject rights: a copy, withdrawal of consent, deletion that keeps the aggregates, retention,
the access log and the breach list, the admins' request queue and its scope."""

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.services import api_token_create
from naikkelas.core.models import AccessLog
from naikkelas.mentoring.models import FollowUp
from naikkelas.mentoring.services import followups
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.notify.models import Message
from naikkelas.outcomes import cohort, report
from naikkelas.outcomes.models import HeroStory
from naikkelas.outcomes.tests.conftest import World, enrol
from naikkelas.privacy import services
from naikkelas.privacy.models import DataRequest
from naikkelas.registry.models import Person
from naikkelas.testing.factories import MetricReportFactory, Personas


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_participant_downloads_own_data_as_json_and_xlsx(personas: Personas) -> None:
    client = signed_in(personas.participant)
    me = personas.participant_person
    data = json.loads(client.get(reverse("privacy:download", args=["json"])).content)
    assert data["pemilik"][0]["nik"] == me.nik and data["pemilik"][0]["name"] == me.name
    assert "nik_encrypted" not in data["pemilik"][0]
    assert [row["name"] for row in data["usaha"]] == [personas.semarang_enterprise.name]
    assert personas.other_person.nik not in json.dumps(data)  # only their own
    book = load_workbook(io.BytesIO(client.get(reverse("privacy:download", args=["xlsx"])).content))
    # The workbook is the readable copy: sections and columns by their names, values in words.
    assert "Data diri" in book.sheetnames and "Usaha Anda" in book.sheetnames
    header, *person_rows = [[cell.value for cell in row] for row in book["Data diri"].iter_rows()]
    person = dict(zip(header, person_rows[0], strict=True))
    assert person["NIK"] == me.nik and person["Nama"] == me.name
    assert person["Jenis kelamin"] == me.get_sex_display() and me.sex not in person.values()
    assert DataRequest.objects.filter(person=me, kind="export", status="done").count() == 2


def test_staff_without_a_person_record_have_no_own_data_page(personas: Personas) -> None:
    assert signed_in(personas.semarang_admin).get(reverse("privacy:mine")).status_code == 403
    assert signed_in(personas.semarang_admin).get("/api/v1/me/data").status_code == 403


def test_consent_withdrawal_stops_reminders_follow_ups_and_publicity(mentee: Mentee) -> None:
    followups.followups_schedule(program=mentee.program)
    due = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=3)
    due.link_expires_on = date(2021, 10, 1)
    due.save(update_fields=["link_expires_on"])
    HeroStory.objects.create(enterprise=mentee.enterprise, publicity_consent=True, story="Dari dapur kecil")
    # One reminder already queued, not yet sent.
    assert followups.followups_remind(today=date(2021, 8, 7)) == 1
    queued = Message.objects.get(template="followup_reminder")
    Message.objects.filter(pk=queued.pk).update(status=Message.Status.QUEUED)

    client = signed_in(mentee.personas.participant)
    page = client.get(reverse("privacy:withdraw"))
    assert page.status_code == 200
    assert client.post(reverse("privacy:withdraw"), {}).status_code == 200  # must tick the box
    assert FollowUp.objects.filter(enterprise=mentee.enterprise, status="pending").count() == 3
    client.post(reverse("privacy:withdraw"), {"confirm": "on"})

    assert FollowUp.objects.filter(enterprise=mentee.enterprise, status="pending").count() == 0
    assert FollowUp.objects.filter(enterprise=mentee.enterprise, status="withdrawn").count() == 3
    queued.refresh_from_db()
    assert queued.status == Message.Status.SKIPPED
    assert not HeroStory.objects.get(enterprise=mentee.enterprise).publicity_consent
    # No reminder after the due date, no new schedule, and the link no longer opens.
    assert followups.followups_remind(today=date(2021, 8, 21)) == 0
    assert followups.followups_schedule(program=mentee.program) == 0
    assert followups.followup_from_token(followups.link_token(due), today=date(2021, 8, 21)) is None
    with pytest.raises(ValidationError, match=r"Tindak\ lanjut\ ini\ dihentikan\ karena\ pemilik"):
        followups.followup_report(
            actor=None, followup=FollowUp.objects.get(pk=due.pk), omzet=1, aset=1, workers=1, via="link"
        )
    request = DataRequest.objects.get(person=mentee.personas.participant_person, kind="withdrawal")
    assert request.status == "done" and request.handled_at is not None
    assert request.handled_at - request.requested_at < timedelta(hours=72)


def _totals(world: World) -> tuple[int, dict[str, tuple[int, int]]]:
    found = cohort.cohort(world.personas.province_admin, cohort.CohortFilter(year=2021, level=1))
    summary = report.summarize(found.participants)
    return summary.participants, {
        name: (metric.baseline_total, metric.followup_total) for name, metric in summary.metrics.items()
    }


def test_deletion_anonymises_the_person_and_keeps_the_cohort_totals(world: World) -> None:
    later = [(date(2022, 4, 1), 22_000_000, 40_000_000, 4)]
    first = enrol(world, district="33.74.01", omzet=10_000_000, aset=30_000_000, workers=2, followups=later)
    enrol(world, district="33.74.02", omzet=6_000_000, aset=12_000_000, workers=1,
          followups=[(date(2022, 4, 1), 9_000_000, 15_000_000, 2)])  # fmt: skip
    person = first.owner
    person.phone, person.email = "+6281311112222", "ratna@example.id"
    person.save()
    nik, name = person.nik, person.name
    before = _totals(world)

    data_request = services.deletion_request(person=person)
    assert data_request.due_at - data_request.requested_at == timedelta(hours=72)
    admin = signed_in(world.personas.semarang_admin)
    detail = reverse("privacy:request_detail", args=[data_request.pk])
    assert admin.post(detail, {"action": "complete"}).status_code == 200  # confirmation required
    assert Person.objects.get(pk=person.pk).anonymised_at is None
    assert admin.post(detail, {"action": "complete", "confirm": "on"}).status_code == 302

    person = Person.objects.get(pk=person.pk)
    assert person.anonymised_at is not None and person.name == services.REMOVED
    assert (person.nik_encrypted, person.phone, person.email) == ("", "", "")
    assert person.birth_date.month == 1 and person.birth_date.day == 1
    first.refresh_from_db()
    assert name not in first.name and first.nib == ""
    assert _totals(world) == before  # the published figures do not change
    everything = json.dumps(list(Person.objects.values()), default=str) + json.dumps(
        list(Message.objects.values()), default=str
    )
    assert nik not in everything and name not in everything
    assert DataRequest.objects.get(pk=data_request.pk).status == "done"
    with pytest.raises(ValidationError, match=r"Data\ orang\ ini\ sudah\ dihapus\."):
        services.anonymise(person=person, actor=None)


def test_the_request_queue_is_scoped_and_shows_deadlines(personas: Personas) -> None:
    request = services.deletion_request(person=personas.participant_person)  # lives in Kota Semarang
    page = signed_in(personas.semarang_admin).get(reverse("privacy:requests"))
    assert personas.participant_person.name in page.content.decode()
    kudus = signed_in(personas.kudus_admin)
    assert personas.participant_person.name not in kudus.get(reverse("privacy:requests")).content.decode()
    assert kudus.get(reverse("privacy:request_detail", args=[request.pk])).status_code == 404
    assert signed_in(personas.viewer).get(reverse("privacy:requests")).status_code == 403
    assert signed_in(personas.mentor).get(reverse("privacy:requests")).status_code == 403
    DataRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - timedelta(hours=1))
    page = signed_in(personas.province_admin).get(reverse("privacy:requests"))
    assert "lewat batas" in page.content.decode()
    # A refusal needs a reason.
    detail = reverse("privacy:request_detail", args=[request.pk])
    assert (
        signed_in(personas.province_admin).post(detail, {"action": "refuse", "note": ""}).status_code == 200
    )
    assert DataRequest.objects.get(pk=request.pk).status == "open"


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


def test_retention_removes_what_is_past_its_time(world: World) -> None:
    old_no_consent = enrol(
        world, district="33.74.01", omzet=6_000_000, aset=1, workers=1, selected=False, consent=False
    )
    old_consenting = enrol(
        world, district="33.74.01", omzet=6_000_000, aset=1, workers=1, selected=False, consent=True
    )
    graduate = enrol(world, district="33.74.01", omzet=6_000_000, aset=1, workers=1)
    assert services.retention_run(today=date(2021, 12, 1))["anonymised"] == 0  # the batch ended only in May
    AccessLog.objects.create(at=timezone.now() - timedelta(days=800), username="x", method="GET", path="/",
                             purpose="view", what="t", person_ids=[1], person_count=1)  # fmt: skip
    report = services.retention_run(today=date(2024, 1, 1), dry_run=True)
    assert (report["anonymised"], report["access_logs"]) == (1, 1)
    assert Person.objects.get(pk=old_no_consent.owner_id).anonymised_at is None  # dry run changed nothing
    services.retention_run(today=date(2024, 1, 1))
    assert Person.objects.get(pk=old_no_consent.owner_id).anonymised_at is not None
    assert Person.objects.get(pk=old_consenting.owner_id).anonymised_at is None
    assert Person.objects.get(pk=graduate.owner_id).anonymised_at is None
    assert not AccessLog.objects.exists()


def test_an_enterprise_that_took_part_in_a_program_cannot_be_deleted(world: World) -> None:
    from naikkelas.registry import services as registry
    from naikkelas.registry.models import Enterprise

    graduate = enrol(world, district="33.74.01", omzet=6_000_000, aset=1, workers=1)
    with pytest.raises(ValidationError, match=r"Usaha\ ini\ sudah\ ikut\ program\ \(lamaran,") as error:
        registry.enterprise_delete(actor=world.personas.semarang_admin, enterprise=graduate)
    assert "permintaan penghapusan" in str(error.value)
    assert Enterprise.objects.filter(pk=graduate.pk).exists()
    page = signed_in(world.personas.semarang_admin).post(
        reverse("registry:enterprise_delete", args=[graduate.pk]), follow=True
    )
    assert page.status_code == 200 and "sudah ikut program" in page.content.decode()


def test_retention_deletes_old_import_files_which_hold_niks_in_the_clear(personas: Personas) -> None:
    from django.core.files.base import ContentFile

    from naikkelas.registry.models import ImportJob

    old = ImportJob.objects.create(
        created_by=personas.semarang_admin, original_name="lama.csv", status="done"
    )
    old.file.save("lama.csv", ContentFile(b"nik,nama\n3374015203800001,Sri\n"))
    fresh = ImportJob.objects.create(
        created_by=personas.semarang_admin, original_name="baru.csv", status="done"
    )
    fresh.file.save("baru.csv", ContentFile(b"nik,nama\n"))
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    path = old.file.path
    assert services.retention_run()["import_files"] == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.file.name == "" and not Path(path).exists()
    assert fresh.file.name != ""


def test_province_admins_read_the_access_log_and_reset_a_lost_authenticator(personas: Personas) -> None:
    from naikkelas.accounts import security
    from naikkelas.accounts.models import TwoFactorDevice

    signed_in(personas.semarang_admin).get(
        reverse("registry:person_detail", args=[personas.participant_person.pk])
    )
    province = signed_in(personas.province_admin)
    page = province.get(reverse("privacy:access_log") + "?username=semarang")
    assert page.status_code == 200 and "person_detail" in page.content.decode()
    assert (
        province.get(reverse("privacy:access_log") + "?username=kudus")
        .content.decode()
        .count("person_detail")
        == 0
    )
    assert province.get(reverse("privacy:access_log") + "?since=bukan-tanggal").status_code == 200
    assert signed_in(personas.semarang_admin).get(reverse("privacy:access_log")).status_code == 403

    security.device_start(personas.kudus_admin)
    reset = reverse("accounts:two_factor_reset")
    assert signed_in(personas.semarang_admin).get(reset).status_code == 403  # a regency admin may not
    assert province.post(reset, {"username": "kudus"}).status_code == 200  # confirmation required
    assert TwoFactorDevice.objects.filter(user=personas.kudus_admin).exists()
    unknown = province.post(reset, {"username": "tidak-ada", "confirm": "on"})
    assert "Tidak ada staf" in unknown.content.decode()
    own = province.post(reset, {"username": personas.province_admin.username, "confirm": "on"})
    assert "Tidak ada staf" in own.content.decode()  # never one's own
    assert province.post(reset, {"username": "kudus", "confirm": "on"}).status_code == 302
    assert not TwoFactorDevice.objects.filter(user=personas.kudus_admin).exists()


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
