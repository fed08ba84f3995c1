from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import Membership
from naikkelas.core.models import AuditEvent
from naikkelas.selection.services import runs
from naikkelas.selection.tests.services.test_runs import apply, reviewers, score_all
from naikkelas.testing.factories import Personas, UserFactory
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.training import services
from naikkelas.training.models import Attendance, Enrolment

pytestmark = pytest.mark.django_db
DAY1 = date(2021, 5, 10)


@pytest.fixture
def running(personas: Personas):  # type: ignore[no-untyped-def]
    return running_batch(personas)


def running_batch(personas: Personas):  # type: ignore[no-untyped-def]
    """A published Semarang batch (10–14 May 2021) with three enrolled, a trainer, and a second batch's trainer."""
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    office = personas.semarang_admin.memberships.get().organisation
    the_batch = batch(level1, office, capacity=3)
    apps = [apply(the_batch, n) for n in range(3)]
    reviewers(the_batch, 2)
    runs.reviews_assign(actor=None, batch=the_batch)
    score_all(the_batch, {a.pk: 5 - i for i, a in enumerate(apps)})
    runs.selection_run(actor=None, batch=the_batch)
    runs.selection_publish(actor=None, batch=the_batch)
    assert services.enrolments_create(actor=None, batch=the_batch) == 3
    trainer = UserFactory.create(username="pelatih")
    Membership.objects.create(user=trainer, organisation=office, role=Membership.Role.TRAINER)
    services.trainer_assign(actor=None, batch=the_batch, user=trainer)
    other_batch = batch(level1, office, capacity=3, title="Dasar lain")
    other_trainer = UserFactory.create(username="pelatih_lain")
    services.trainer_assign(actor=None, batch=other_batch, user=other_trainer)
    return the_batch, trainer, other_trainer


def test_schedule_copies_the_levels_templates_onto_consecutive_days(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    assert services.schedule_create(actor=None, batch=the_batch) == 10
    assert sorted({s.date for s in the_batch.sessions.all()}) == [date(2021, 5, d) for d in range(10, 15)]
    with pytest.raises(ValidationError, match=r"Jadwal\ angkatan\ ini\ sudah\ dibuat\."):
        services.schedule_create(actor=None, batch=the_batch)


def test_all_present_then_an_exception_and_a_correction_is_audited(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    assert services.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1) == 3
    assert services.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1) == 0
    enrolment = the_batch.enrolments.first()
    services.attendance_mark(actor=trainer, enrolment=enrolment, day=DAY1, present=False)
    assert Attendance.objects.filter(date=DAY1, present=True).count() == 2
    correction = AuditEvent.objects.get(object_type="training.attendance", action="update")
    assert correction.changes == {"present": [True, False]}


def test_a_day_outside_the_batch_is_refused(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    with pytest.raises(ValidationError, match="bukan hari pelatihan"):
        services.attendance_all_present(actor=trainer, batch=the_batch, day=date(2021, 5, 15))


def test_only_this_batchs_trainer_marks_from_the_page(running, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, other_trainer = running
    url = reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()])
    as_trainer = Client()
    as_trainer.force_login(trainer)
    assert as_trainer.get(url).status_code == 200
    assert as_trainer.post(url, {"all": "1"}).status_code == 302
    assert Attendance.objects.filter(date=DAY1).count() == 3
    other = Client()
    other.force_login(other_trainer)
    assert other.post(url, {"all": "1"}).status_code == 404  # not their batch: absent
    viewer = Client()
    viewer.force_login(personas.viewer)
    assert viewer.post(url, {"all": "1"}).status_code == 403  # may read the batch, not mark it
    participant_user = the_batch.enrolments.first().application.person.user
    participant = Client()
    participant.force_login(participant_user)
    assert participant.post(url, {"all": "1"}).status_code == 404


def test_attendance_page_query_count_does_not_grow_with_the_roster(running) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from naikkelas.selection.models import Application

    the_batch, trainer, _other = running
    client = Client()
    client.force_login(trainer)
    url = reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    extra = [apply(the_batch, n) for n in range(10, 17)]
    Application.objects.filter(pk__in=[a.pk for a in extra]).update(status="selected")
    services.enrolments_create(actor=None, batch=the_batch)
    assert the_batch.enrolments.count() == 10
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_dropping_out_after_the_start_keeps_the_seat_empty(running, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    enrolment = the_batch.enrolments.first()
    with pytest.raises(ValidationError, match=r"Tuliskan\ alasan\ peserta\ keluar\."):
        services.enrolment_drop(actor=None, enrolment=enrolment, reason=" ")
    assert (
        services.enrolment_drop(actor=None, enrolment=enrolment, reason="Sakit", today=date(2021, 5, 11))
        is None
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "dropped"
    assert Enrolment.objects.filter(batch=the_batch, status="active").count() == 2


def test_participant_sees_their_training(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    mine, other = the_batch.enrolments.order_by("id")[:2]
    user = mine.application.person.user
    client = Client()
    client.force_login(user)
    response = client.get(reverse("training:mine"))
    assert response.status_code == 200
    # Her enrolment, her batch's dates and her attendance count; nothing of another participant.
    assert response.context["current"] == mine
    assert response.context["attended"] == 0
    body = response.content.decode()
    assert the_batch.title in body and "10 Mei 2021 – 14 Mei 2021" in body
    assert other.application.enterprise.name not in body and other.application.person.name not in body


def test_enrolment_needs_a_published_selection(personas: Personas) -> None:
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    office = personas.semarang_admin.memberships.get().organisation
    unpublished = batch(level1, office)
    with pytest.raises(ValidationError, match=r"Umumkan\ hasil\ seleksi\ dulu;\ peserta\ diambil"):
        services.enrolments_create(actor=None, batch=unpublished)
    assert not Enrolment.objects.filter(batch=unpublished).exists()


def test_attendance_through_the_api(running, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create

    the_batch, trainer, other_trainer = running
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=trainer)}"})
    marked = client.post(
        f"/api/v1/batches/{the_batch.pk}/attendance/all-present",
        {"date": "2021-05-10"},
        content_type="application/json",
    )
    assert marked.json() == {"marked": 3}
    enrolment = the_batch.enrolments.first()
    absent = client.post(
        "/api/v1/attendance", {"enrolment": enrolment.pk, "date": "2021-05-10", "present": False},
        content_type="application/json",
    )  # fmt: skip
    assert absent.status_code == 200 and absent.json()["present"] is False
    listed = client.get("/api/v1/attendance", {"batch": str(the_batch.pk), "date": "2021-05-10"}).json()
    assert listed["count"] == 3
    outsider = Client(headers={"Authorization": f"Bearer {api_token_create(user=other_trainer)}"})
    assert outsider.post(
        "/api/v1/attendance", {"enrolment": enrolment.pk, "date": "2021-05-10", "present": True},
        content_type="application/json",
    ).status_code == 404  # fmt: skip
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.viewer)}"})
    assert (
        viewer.post(
            f"/api/v1/batches/{the_batch.pk}/attendance/all-present",
            {"date": "2021-05-11"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_admin_edits_a_session_within_the_batch_days(running, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    services.schedule_create(actor=None, batch=the_batch)
    session = the_batch.sessions.order_by("date", "start_time").first()
    url = reverse("training:session_edit", args=[session.pk])
    admin = Client()
    admin.force_login(personas.semarang_admin)
    outside = admin.post(
        url, {"date": "2021-05-20", "start_time": "08:30", "end_time": "12:00", "topic": "X", "trainer": ""}
    )
    assert outside.status_code == 200 and "date" in outside.context["form"].errors
    moved = admin.post(
        url,
        {
            "date": "2021-05-11",
            "start_time": "09:00",
            "end_time": "11:30",
            "topic": "Kanvas",
            "trainer": str(trainer.pk),
        },
    )
    assert moved.status_code == 302
    session.refresh_from_db()
    assert (session.date, session.topic, session.trainer) == (date(2021, 5, 11), "Kanvas", trainer)
    as_trainer = Client()
    as_trainer.force_login(trainer)
    assert as_trainer.get(url).status_code == 403


def _issue_certificates(the_batch) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.training import certificates

    the_batch.enrolments.update(graduated=True)
    assert certificates.certificates_issue(actor=None, batch=the_batch) == 3


def test_days_of_a_certified_batch_are_locked_and_a_correction_needs_a_reason(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    services.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1)
    _issue_certificates(the_batch)
    enrolment = the_batch.enrolments.order_by("id").first()
    with pytest.raises(ValidationError, match="tuliskan alasan koreksi kehadiran"):
        services.attendance_mark(actor=trainer, enrolment=enrolment, day=DAY1, present=False)
    assert Attendance.objects.get(enrolment=enrolment, date=DAY1).present is True
    with pytest.raises(ValidationError, match="hanya dapat dikoreksi satu per satu"):
        services.attendance_all_present(actor=trainer, batch=the_batch, day=date(2021, 5, 11))
    assert not Attendance.objects.filter(date=date(2021, 5, 11)).exists()
    services.attendance_mark(
        actor=trainer, enrolment=enrolment, day=DAY1, present=False, reason="Salah tandai, izin sakit"
    )
    correction = AuditEvent.objects.get(object_type="training.attendance", action="update")
    assert correction.changes == {"present": [True, False], "correction_reason": "Salah tandai, izin sakit"}
    page = Client()
    page.force_login(trainer)
    body = page.get(reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()])).content.decode()
    assert 'id="locked"' in body and 'name="reason"' in body and 'id="all-present"' not in body


def test_a_tap_with_htmx_returns_only_that_row_and_the_count(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    services.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1)
    enrolment = the_batch.enrolments.order_by("id").first()
    client = Client()
    client.force_login(trainer)
    url = reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()])
    response = client.post(url, {"enrolment": enrolment.pk, "present": "0"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<li class="attendance-row is-absent" id="row-{enrolment.pk}"')
    assert "tersimpan" in body and "<html" not in body
    assert '<p id="count" role="status" hx-swap-oob="true">2 dari 3 hadir</p>' in body
    assert Attendance.objects.get(enrolment=enrolment, date=DAY1).present is False


def test_without_js_a_tap_returns_to_the_same_row(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    enrolment = the_batch.enrolments.order_by("id").first()
    client = Client()
    client.force_login(trainer)
    url = reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()])
    response = client.post(url, {"enrolment": enrolment.pk, "present": "1"})
    assert response.status_code == 302 and response["Location"] == f"{url}#row-{enrolment.pk}"
    page = client.get(url).content.decode()
    name = enrolment.application.person.name
    assert f"Tersimpan: {name} hadir." in page
    assert f'id="row-{enrolment.pk}"' in page and "1 dari 3 hadir" in page


def test_all_present_asks_first_and_the_search_filters_the_roster(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    client = Client()
    client.force_login(trainer)
    url = reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()])
    first = client.get(url).content.decode()
    assert 'id="all-present"' in first and 'name="all"' not in first  # a link to the question, no write
    asked = client.get(url, {"semua": "1"}).content.decode()
    assert "Tandai 3 peserta yang belum ditandai sebagai hadir?" in asked and 'name="all"' in asked
    assert not Attendance.objects.exists()
    wanted = the_batch.enrolments.order_by("id").first().application.person
    found = client.get(url, {"q": wanted.name}).content.decode()
    assert found.count('class="attendance-row') == 1 and wanted.name in found
    assert "1 dari 3 ditampilkan." in found
    response = client.post(
        reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()]) + "?q=" + wanted.name,
        {"enrolment": the_batch.enrolments.order_by("id").first().pk, "present": "1"},
    )
    assert "?q=" in response["Location"]  # the filter survives the tap


def test_the_api_corrects_a_locked_day_only_with_a_reason(running) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create

    the_batch, trainer, _other = running
    services.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1)
    _issue_certificates(the_batch)
    enrolment = the_batch.enrolments.order_by("id").first()
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=trainer)}"})
    payload = {"enrolment": enrolment.pk, "date": "2021-05-10", "present": False}
    refused = client.post("/api/v1/attendance", payload, content_type="application/json")
    assert refused.status_code == 422 and "alasan koreksi" in refused.content.decode()
    fixed = client.post(
        "/api/v1/attendance", {**payload, "reason": "Salah tandai"}, content_type="application/json"
    )
    assert fixed.status_code == 200 and fixed.json()["present"] is False
