"""Data-subject rights: a copy, withdrawal of consent, deletion that keeps the aggregates, retention,
the access log and the breach list, the admins' request queue and its scope."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

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
from naikkelas.testing.factories import Personas


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


def test_province_admins_read_the_access_log_and_reset_a_lost_authenticator(personas: Personas) -> None:
    from naikkelas.accounts.models import TwoFactorDevice
    from naikkelas.accounts.services import security

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
