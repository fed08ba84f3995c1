"""The one door to mentoring data: staff see their region's mentors and assignments, a mentor sees their
own mentees, a participant their own mentor."""

from django.db.models import Q, QuerySet

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import User
from naikkelas.mentoring.models import Mentor, MentorAssignment


def mentors_for_user(user: User) -> QuerySet[Mentor]:
    scope = scope_for_user(user)
    if scope.is_staff:
        return Mentor.objects.filter(scope.q())
    return Mentor.objects.none()


def assignments_for_user(user: User) -> QuerySet[MentorAssignment]:
    """Admins and viewers: their region; a mentor: their own mentees; a participant: their own."""
    if not user.is_authenticated:
        return MentorAssignment.objects.none()
    scope = scope_for_user(user)
    own = Q(mentor__user_id=user.pk) | Q(enterprise__owner__user_id=user.pk)
    non_mentor_roles = [role for role in scope.roles if role != "mentor"]
    if scope.superuser or non_mentor_roles:
        return MentorAssignment.objects.filter(scope.q(roles=non_mentor_roles) | own)
    return MentorAssignment.objects.filter(own)
