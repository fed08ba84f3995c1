"""The mentor scorecard (after the ministry's PK2UMK criteria for pendamping: attendance, discipline,
reporting compliance, targets), per mentor and per regency/city, for a period:

- visits: done, planned (visits planned for a day in the period), and how many of the planned were done;
- follow-ups of their mentees due in the period, and how many were reported on time (by the due date
  plus FOLLOWUP_REMIND_AFTER_DAYS);
- consultations opened in the period, and how many got their first answer by the deadline;
- mentees' turnover: the median change from the baseline (application) report to the latest report.

`tally` is pure; `scorecard_rows` gathers the facts in a fixed number of queries."""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from naikkelas.accounts.models import User
from naikkelas.mentoring.access import mentors_for_user
from naikkelas.mentoring.models import Consultation, FollowUp, MentorAssignment, Visit
from naikkelas.registry.models import MetricReport


@dataclass
class Score:
    key: str  # mentor id or regency code
    name: str
    regency: str
    mentees: int = 0
    visits_done: int = 0
    visits_planned: int = 0
    planned_done: int = 0
    followups_due: int = 0
    followups_on_time: int = 0
    consultations: int = 0
    answered_in_time: int = 0
    omzet_changes: list[float] = field(default_factory=list)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def planned_rate(self) -> float | None:
        return self._share(self.planned_done, self.visits_planned)

    @property
    def followup_rate(self) -> float | None:
        return self._share(self.followups_on_time, self.followups_due)

    @property
    def answer_rate(self) -> float | None:
        return self._share(self.answered_in_time, self.consultations)

    @property
    def median_omzet_change(self) -> float | None:
        return statistics.median(self.omzet_changes) if self.omzet_changes else None

    @property
    def median_omzet_percent(self) -> float | None:
        """The median change in percent (+279 %: almost four times the baseline), for `percent_change`."""
        change = self.median_omzet_change
        return None if change is None else change * 100

    def add(self, other: "Score") -> None:
        for name in ("mentees", "visits_done", "visits_planned", "planned_done", "followups_due",
                     "followups_on_time", "consultations", "answered_in_time"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.omzet_changes.extend(other.omzet_changes)


@dataclass(frozen=True)
class Facts:
    """What happened, as plain values, for `tally`."""

    visits: list[tuple[int, str, date | None, date]]  # mentor, status, planned_on, date
    followups: list[tuple[int, date, datetime | None]]  # mentor, due_on, reported_at
    consultations: list[tuple[int, date, datetime | None]]  # mentor, response_due_on, first_response_at
    mentee_changes: list[tuple[int, float]]  # mentor, omzet change (latest / baseline − 1)
    mentees: dict[int, int]  # mentor → active mentees


def tally(
    mentors: Iterable[tuple[int, str, str]], facts: Facts, start: date, end: date, grace_days: int
) -> list[Score]:
    """Scores per mentor (id, name, regency name) from the facts of the period [start, end]."""
    scores = {mentor_id: Score(str(mentor_id), name, regency) for mentor_id, name, regency in mentors}
    for mentor_id, status, planned_on, day in facts.visits:
        score = scores.get(mentor_id)
        if score is None:
            continue
        if status == Visit.Status.DONE and start <= day <= end:
            score.visits_done += 1
        if planned_on is not None and start <= planned_on <= end:
            score.visits_planned += 1
            score.planned_done += status == Visit.Status.DONE
    for mentor_id, due_on, reported_at in facts.followups:
        if mentor_id in scores and start <= due_on <= end:
            scores[mentor_id].followups_due += 1
            on_time = reported_at is not None and timezone.localtime(
                reported_at
            ).date() <= due_on + timedelta(days=grace_days)
            scores[mentor_id].followups_on_time += on_time
    for mentor_id, due_on, first_response_at in facts.consultations:
        if mentor_id in scores:
            scores[mentor_id].consultations += 1
            in_time = first_response_at is not None and timezone.localtime(first_response_at).date() <= due_on
            scores[mentor_id].answered_in_time += in_time
    for mentor_id, change in facts.mentee_changes:
        if mentor_id in scores:
            scores[mentor_id].omzet_changes.append(change)
    for mentor_id, count in facts.mentees.items():
        if mentor_id in scores:
            scores[mentor_id].mentees = count
    return list(scores.values())


def by_regency(scores: list[Score]) -> list[Score]:
    totals: dict[str, Score] = {}
    for score in scores:
        total = totals.setdefault(score.regency, Score(score.regency, score.regency, score.regency))
        total.add(score)
    return sorted(totals.values(), key=lambda s: s.name)


def scorecard_rows(user: User, *, start: date, end: date) -> list[Score]:
    """Scores of the mentors in the user's view for the period."""
    mentors = list(mentors_for_user(user).select_related("user", "regency").order_by("regency_code", "id"))
    ids = [m.pk for m in mentors]
    visits = list(
        Visit.objects.filter(mentor_id__in=ids)
        .filter(date__gte=start, date__lte=end)
        .values_list("mentor_id", "status", "planned_on", "date")
    ) + list(
        Visit.objects.filter(mentor_id__in=ids, planned_on__gte=start, planned_on__lte=end)
        .exclude(date__gte=start, date__lte=end)
        .values_list("mentor_id", "status", "planned_on", "date")
    )
    active = MentorAssignment.objects.filter(mentor_id__in=ids, ended_at__isnull=True)
    mentor_of = dict(active.values_list("enterprise_id", "mentor_id"))
    followups = [
        (mentor_of[enterprise_id], due_on, reported_at)
        for enterprise_id, due_on, reported_at in FollowUp.objects.filter(
            enterprise_id__in=list(mentor_of), due_on__gte=start, due_on__lte=end
        ).values_list("enterprise_id", "due_on", "reported_at")
    ]
    consultations = list(
        Consultation.objects.filter(
            mentor_id__in=ids, opened_at__date__gte=start, opened_at__date__lte=end
        ).values_list("mentor_id", "response_due_on", "first_response_at")
    )
    baseline: dict[int, int] = {}
    latest: dict[int, int] = {}
    reports = (
        MetricReport.objects.filter(enterprise_id__in=list(mentor_of))
        .order_by("enterprise_id", "period", "id")
        .values_list("enterprise_id", "source", "omzet")
    )
    for enterprise_id, source, omzet in reports:
        if source == MetricReport.Source.APPLICATION:
            baseline.setdefault(enterprise_id, omzet)
        elif enterprise_id in baseline:
            latest[enterprise_id] = omzet
    changes = [(mentor_of[e], latest[e] / baseline[e] - 1) for e in latest if baseline.get(e)]
    counts: dict[int, int] = defaultdict(int)
    for mentor_id in mentor_of.values():
        counts[mentor_id] += 1
    facts = Facts(visits, followups, consultations, changes, dict(counts))
    return tally(
        ((m.pk, str(m.user), m.regency.name) for m in mentors), facts, start, end,
        settings.FOLLOWUP_REMIND_AFTER_DAYS,
    )  # fmt: skip


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months up to today."""
    today = today or timezone.localdate()
    return today - timedelta(days=364), today
