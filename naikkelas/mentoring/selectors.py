"""Reads for the mentoring pages."""

from collections import Counter

from django.db.models import Count, Q, QuerySet

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import User
from naikkelas.mentoring.access import mentors_for_user
from naikkelas.mentoring.models import Mentor, MentorAssignment
from naikkelas.registry.models import Enterprise
from naikkelas.selection.models import Graduation


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
