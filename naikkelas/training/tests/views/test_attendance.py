"""The attendance page: only the batch's trainer marks, one row per tap (htmx or not), a steady query
count, confirmation before all present, and locked days."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from naikkelas.core.models import AuditEvent
from naikkelas.selection.tests.services.test_runs import apply
from naikkelas.testing.factories import Personas
from naikkelas.training.models import Attendance
from naikkelas.training.services import attendance, enrolments
from naikkelas.training.tests.conftest import DAY1, _issue_certificates

pytestmark = pytest.mark.django_db


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
    enrolments.enrolments_create(actor=None, batch=the_batch)
    assert the_batch.enrolments.count() == 10
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_days_of_a_certified_batch_are_locked_and_a_correction_needs_a_reason(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    attendance.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1)
    _issue_certificates(the_batch)
    enrolment = the_batch.enrolments.order_by("id").first()
    with pytest.raises(ValidationError, match="tuliskan alasan koreksi kehadiran"):
        attendance.attendance_mark(actor=trainer, enrolment=enrolment, day=DAY1, present=False)
    assert Attendance.objects.get(enrolment=enrolment, date=DAY1).present is True
    with pytest.raises(ValidationError, match="hanya dapat dikoreksi satu per satu"):
        attendance.attendance_all_present(actor=trainer, batch=the_batch, day=date(2021, 5, 11))
    assert not Attendance.objects.filter(date=date(2021, 5, 11)).exists()
    attendance.attendance_mark(
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
    attendance.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1)
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
