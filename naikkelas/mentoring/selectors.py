"""Reads for the mentoring pages."""

from collections import Counter
from datetime import timedelta

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import User
from naikkelas.mentoring.access import (
    can_remind_followups,
    consultations_for_user,
    followups_for_user,
    mentors_for_user,
)
from naikkelas.mentoring.models import Consultation, FollowUp, Mentor, MentorAssignment, Visit
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise
from naikkelas.training.models import Graduation


def mentors_with_load(user: User) -> QuerySet[Mentor]:
    return (
        mentors_for_user(user)
        .select_related("user", "regency")
        .annotate(load=Count("assignments", filter=Q(assignments__ended_at__isnull=True)))
        .order_by("regency_code", "id")
    )


def gaps(user: User) -> list[tuple[str, int]]:
    """Regencies/cities in scope with graduates who have no mentor: (regency code, how many)."""
    scope = scope_for_user(user)
    unmatched = (
        Enterprise.objects.filter(scope.q(), pk__in=Graduation.objects.values("enterprise_id"))
        .exclude(pk__in=MentorAssignment.objects.filter(ended_at__isnull=True).values("enterprise_id"))
        .values_list("regency_code", flat=True)
    )
    return sorted(Counter(unmatched).items())


def consultation_queue(user: User, *, status: str = "", overdue: bool = False) -> QuerySet[Consultation]:
    """Consultations in the user's view, joined for the list, most urgent first: waiting for an answer
    (oldest deadline first, so the overdue lead), then answered, then settled; optionally only one status
    or the overdue. Each row carries `overdue`."""
    today = timezone.localdate()
    waiting = Q(status=Consultation.Status.OPEN)
    queryset = (
        consultations_for_user(user)
        .select_related("enterprise", "mentor__user")
        .annotate(
            urgency=Case(
                When(waiting, then=Value(0)),
                When(status=Consultation.Status.ANSWERED, then=Value(1)),
                default=Value(2),
            ),
            overdue=Case(
                When(
                    waiting & Q(first_response_at__isnull=True, response_due_on__lt=today), then=Value(True)
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    if status in Consultation.Status.values:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(
            status=Consultation.Status.OPEN,
            first_response_at__isnull=True,
            response_due_on__lt=timezone.localdate(),
        )
    return queryset.order_by("urgency", "response_due_on", "opened_at", "id")


def consultation_counts(user: User) -> dict[str, int]:
    """Open, due today, overdue and escalated consultations in the user's view (one query)."""
    today = timezone.localdate()
    waiting = Q(status=Consultation.Status.OPEN, first_response_at__isnull=True)
    return consultations_for_user(user).aggregate(
        open=Count("pk", filter=Q(status=Consultation.Status.OPEN)),
        due_today=Count("pk", filter=waiting & Q(response_due_on=today)),
        overdue=Count("pk", filter=waiting & Q(response_due_on__lt=today)),
        escalated=Count("pk", filter=Q(escalation__gt=0) & ~Q(status=Consultation.Status.CLOSED)),
    )


def followup_list(user: User, *, status: str = "", group: str = "") -> QuerySet[FollowUp]:
    queryset = followups_for_user(user).select_related("enterprise", "report", "program")
    if status in FollowUp.Status.values:
        queryset = queryset.filter(status=status)
    if group in FollowUp.Group.values:
        queryset = queryset.filter(group=group)
    return queryset.order_by("due_on", "id")


def followup_counts(user: User) -> dict[str, int]:
    today = timezone.localdate()
    pending = Q(status=FollowUp.Status.PENDING)
    return followups_for_user(user).aggregate(
        due_soon=Count("pk", filter=pending & Q(due_on__gte=today, due_on__lte=today + timedelta(days=30))),
        overdue=Count("pk", filter=pending & Q(due_on__lt=today)),
        reported=Count("pk", filter=Q(status=FollowUp.Status.REPORTED)),
    )


def overdue_followups_by_regency(user: User) -> list[tuple[str, str, int]]:
    """(regency code, name, overdue follow-ups) for each regency/city whose overdue follow-ups the user
    may remind in bulk, in code order."""
    rows = (
        followups_for_user(user)
        .filter(status=FollowUp.Status.PENDING, due_on__lt=timezone.localdate())
        .values("regency_code")
        .annotate(n=Count("pk"))
        .order_by("regency_code")
    )
    counts = {
        row["regency_code"]: row["n"] for row in rows if can_remind_followups(user, row["regency_code"])
    }
    names = dict(Region.objects.filter(code__in=list(counts)).values_list("code", "name"))
    return [(code, names.get(code, code), n) for code, n in counts.items()]


def enterprise_took_part(enterprise: Enterprise) -> bool:
    """Mentored, visited, helped or followed up: the enterprise is in mentoring's records (a deletion
    blocker)."""
    return any(
        model._default_manager.filter(enterprise=enterprise).exists()
        for model in (MentorAssignment, Visit, Consultation, FollowUp)
    )
