"""Graduation from a level's criteria: days, the share of assignments passed, reasons in both
languages, and confirmation."""

from datetime import date

import pytest

from naikkelas.selection.tests.services.test_runs import apply
from naikkelas.training.models import Graduation, Submission
from naikkelas.training.services import assignments, attendance, graduation, schedule


def result(**values: int) -> dict[str, bool]:
    settings = {
        "min_days": 4,
        "min_percent": 80,
        "days_present": 4,
        "assignments_passed": 4,
        "assignments_total": 5,
    }
    settings.update(values)
    return {c.rule: c.passed for c in graduation.evaluate(**settings)}


def test_four_of_five_days_is_enough_three_is_not() -> None:
    assert result(days_present=4)["attendance"]
    assert not result(days_present=3)["attendance"]


def test_exactly_eighty_percent_of_assignments_passes() -> None:
    assert result(assignments_passed=4, assignments_total=5)["assignments"]
    assert not result(assignments_passed=3, assignments_total=5)["assignments"]
    assert result(assignments_passed=8, assignments_total=10)["assignments"]
    assert not result(assignments_passed=7, assignments_total=9)["assignments"]  # 77.8 %


def test_reasons_in_both_languages() -> None:
    attendance = graduation.evaluate(
        days_present=3, min_days=4, assignments_passed=0, assignments_total=0, min_percent=80
    )[0]
    assert attendance.reason("id") == "Hadir 3 hari, kurang dari minimal 4 hari."
    assert attendance.reason("en") == "Present 3 days, fewer than the minimum of 4 days."


@pytest.mark.django_db
def test_confirmation_graduates_those_who_meet_the_criteria(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    assignments.assignments_create_default(actor=None, batch=the_batch)
    enrolments = list(the_batch.enrolments.order_by("id"))
    days = schedule.batch_days(the_batch)
    for index, enrolment in enumerate(enrolments):
        for day in days[: 5 if index < 2 else 3]:
            attendance.attendance_mark(actor=trainer, enrolment=enrolment, day=day, present=True)
    for enrolment in enrolments:
        for task in the_batch.assignments.all()[:5]:
            Submission.objects.create(
                assignment=task,
                enrolment=enrolment,
                status="pass",
                submitted_at=the_batch.end_date.isoformat() + "T10:00:00+07:00",
            )
    assert (
        graduation.graduation_confirm(actor=trainer, batch=the_batch) == 2
    )  # 5 of 6 tasks = 83 %; third attended 3 days
    dropped = enrolments[2]
    dropped.refresh_from_db()
    assert dropped.graduated is False
    assert dropped.graduation_results[0]["reason_id"] == "Hadir 3 hari, kurang dari minimal 4 hari."
    graduates = Graduation.objects.filter(level=the_batch.level, batch=the_batch)
    assert graduates.count() == 2
    assert {g.graduated_on for g in graduates} == {date(2021, 5, 14)}
    # Each participant's outcome is in the record, with who confirmed it.
    from naikkelas.core.models import AuditEvent

    kept = AuditEvent.objects.filter(object_type="training.enrolment", actor=trainer)
    assert {(int(e.object_id), e.changes["graduated"]) for e in kept} == {
        (enrolment.pk, index < 2) for index, enrolment in enumerate(enrolments)
    }
    assert kept.get(object_id=str(dropped.pk)).changes["failed"] == ["attendance"]


@pytest.mark.django_db
def test_only_the_roster_graduates_never_an_applicant_who_was_not_selected(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    outsider = apply(the_batch, 3)  # applied, never selected: not on the roster
    for enrolment in the_batch.enrolments.all():
        for day in schedule.batch_days(the_batch):
            attendance.attendance_mark(actor=trainer, enrolment=enrolment, day=day, present=True)
    assert graduation.graduation_confirm(actor=trainer, batch=the_batch) == 3
    graduated = set(Graduation.objects.filter(batch=the_batch).values_list("enterprise_id", flat=True))
    assert graduated == {e.application.enterprise_id for e in the_batch.enrolments.all()}
    assert outsider.enterprise_id not in graduated
