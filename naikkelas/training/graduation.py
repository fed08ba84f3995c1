"""Graduation from a level's criteria: pure rules with reasons in both languages."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, gettext_noop


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
