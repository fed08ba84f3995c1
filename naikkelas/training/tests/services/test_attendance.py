"""Attendance services: all present, an exception and an audited correction; days outside the batch."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from naikkelas.core.models import AuditEvent
from naikkelas.training.models import Attendance
from naikkelas.training.services import attendance
from naikkelas.training.tests.conftest import DAY1

pytestmark = pytest.mark.django_db


def test_all_present_then_an_exception_and_a_correction_is_audited(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    assert attendance.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1) == 3
    assert attendance.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1) == 0
    enrolment = the_batch.enrolments.first()
    attendance.attendance_mark(actor=trainer, enrolment=enrolment, day=DAY1, present=False)
    assert Attendance.objects.filter(date=DAY1, present=True).count() == 2
    correction = AuditEvent.objects.get(object_type="training.attendance", action="update")
    assert correction.changes == {"present": [True, False]}


def test_a_day_outside_the_batch_is_refused(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    with pytest.raises(ValidationError, match="bukan hari pelatihan"):
        attendance.attendance_all_present(actor=trainer, batch=the_batch, day=date(2021, 5, 15))
