"""Graduation from a level's criteria: the pure rules (with reasons in both languages), the preview of a
batch and its confirmation, the single writer of graduations."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.programs.models import Batch
from naikkelas.training.models import Attendance, Enrolment, Graduation, Submission


@dataclass(frozen=True)
class Criterion:
    rule: str
    passed: bool
    message: str
    params: dict[str, int]

    def reason(self, language: str) -> str:
        with translation.override(language):
            return gettext(self.message) % self.params

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "passed": self.passed,
            "reason_id": self.reason("id"),
            "reason_en": self.reason("en"),
        }


def evaluate(
    *, days_present: int, min_days: int, assignments_passed: int, assignments_total: int, min_percent: int
) -> list[Criterion]:
    """Attended at least `min_days` days, and passed at least `min_percent` % of the assignments."""
    attendance = Criterion(
        "attendance",
        days_present >= min_days,
        gettext_noop("Hadir %(present)s hari; minimal %(min)s hari.")
        if days_present >= min_days
        else gettext_noop("Hadir %(present)s hari, kurang dari minimal %(min)s hari."),
        {"present": days_present, "min": min_days},
    )
    # passed / total ≥ percent / 100, in whole numbers so 4 of 5 is exactly 80 %.
    enough = assignments_total == 0 or assignments_passed * 100 >= min_percent * assignments_total
    work = Criterion(
        "assignments",
        enough,
        gettext_noop("Lulus %(passed)s dari %(total)s tugas; minimal %(percent)s%%.")
        if enough
        else gettext_noop("Lulus %(passed)s dari %(total)s tugas, kurang dari minimal %(percent)s%%."),
        {"passed": assignments_passed, "total": assignments_total, "percent": min_percent},
    )
    return [attendance, work]


def graduation_preview(*, batch: Batch) -> list[tuple[Enrolment, list[Criterion]]]:
    """Every active participant with the level's graduation criteria evaluated (nothing saved)."""
    level = batch.level
    total = batch.assignments.count()
    present = dict(
        Attendance.objects.filter(enrolment__batch=batch, present=True)
        .values("enrolment_id")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "n")
    )
    passed = dict(
        Submission.objects.filter(assignment__batch=batch, status=Submission.Status.PASS)
        .values("enrolment_id")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "n")
    )
    enrolments = batch.enrolments.filter(status=Enrolment.Status.ACTIVE).select_related(
        "application__enterprise", "application__person"
    )
    return [
        (
            enrolment,
            evaluate(
                days_present=present.get(enrolment.pk, 0),
                min_days=level.min_days_attended,
                assignments_passed=passed.get(enrolment.pk, 0),
                assignments_total=total,
                min_percent=level.min_assignments_passed_percent,
            ),
        )
        for enrolment in enrolments.order_by("application__person__name", "id")
    ]


def graduation_confirm(*, actor: User | None, batch: Batch) -> int:
    """The organiser confirms: everyone meeting the criteria graduates (a Graduation record the pathway
    reads); the others are recorded as not graduated with their reasons. Returns the graduates."""
    results = graduation_preview(batch=batch)
    graduates = 0
    with transaction.atomic():
        for enrolment, criteria in results:
            ok = all(c.passed for c in criteria)
            enrolment_graduation_record(actor=actor, enrolment=enrolment, criteria=criteria, graduated=ok)
            # Each participant's outcome in the record, with who confirmed it (a history import keeps
            # one entry for its whole file instead).
            audit_record(
                actor=actor, action="update", instance=enrolment,
                changes={"graduated": ok, "failed": [c.rule for c in criteria if not c.passed]},
            )  # fmt: skip
            graduates += ok
        audit_record(
            actor=actor,
            action="update",
            instance=batch,
            changes={"graduates": graduates, "evaluated": len(results)},
        )
    return graduates


def enrolment_graduation_record(
    *, actor: User | None, enrolment: Enrolment, criteria: list[Criterion], graduated: bool
) -> None:
    """Record whether a participant graduated, with the criteria's reasons, and for a graduate the
    Graduation the pathway and the cohort report read (once per enterprise and level; on the batch's
    last day). The one place a graduation is written: the confirmation above and the history import."""
    batch = enrolment.batch
    enrolment.graduated = graduated
    enrolment.graduation_results = [c.as_json() for c in criteria]
    enrolment.save(update_fields=["graduated", "graduation_results"])
    if graduated:
        Graduation.objects.get_or_create(
            enterprise=enrolment.application.enterprise, level=batch.level,
            defaults={"batch": batch, "graduated_on": batch.end_date, "recorded_by": actor},
        )  # fmt: skip
