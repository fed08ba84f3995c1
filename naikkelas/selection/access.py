"""The one door to applications.

Regional staff (admins, viewers) see applications to batches in their scope and applications of
enterprises in their region (a regency sees its own enterprises' applications to the province); a
reviewer sees the applications assigned to her; a participant sees their own. Mentors and trainers see
none. Only the batch's organising admins change anything.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import Membership, User
from naikkelas.programs.access import can_manage, get_batch_for_user
from naikkelas.programs.models import Batch
from naikkelas.selection.models import Application, Review


def reviewed_enterprises(user_id: int) -> QuerySet[Any]:
    """The enterprises a reviewer reaches: those of the applications assigned to her (accounts.access)."""
    return Review.objects.filter(reviewer_id=user_id).values_list("application__enterprise_id", flat=True)


def applications_for_user(user: User) -> QuerySet[Application]:
    """Applications the user may see."""
    if not user.is_authenticated:
        return Application.objects.none()
    scope = scope_for_user(user)
    # Batches organised inside the scope (all their applicants), and the scope's own enterprises
    # wherever they applied (a regency sees its people in a province batch, not the others).
    regional = scope.q("batch__") | scope.q()
    assigned = Q(pk__in=[])
    if Membership.Role.REVIEWER in scope.roles:
        # A short list, not a subquery: ORed with the rest, a subquery would scan every application.
        assigned = Q(
            pk__in=list(Review.objects.filter(reviewer_id=user.pk).values_list("application_id", flat=True))
        )
    return Application.objects.filter(regional | assigned | Q(person__user_id=user.pk))


def get_application_for_user(user: User, pk: int, *, write: bool = False) -> Application:
    """An application the user may see (404 otherwise); write=True needs the organiser's admin (403)."""
    application = (
        applications_for_user(user)
        .select_related(
            "batch__level__program", "batch__organiser", "enterprise__district", "person", "baseline"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    if write and not can_manage(user, application.batch.organiser):
        raise PermissionDenied
    return application


def get_batch_for_paper_entry(user: User, pk: int) -> Batch:
    """A batch whose paper forms the user may type in: its organiser's admins only. Outside the user's
    scope 404; a batch they see but do not run (a regency at a province batch, a viewer) 403."""
    return get_batch_for_user(user, pk, write=True)


def reviews_for_user(user: User) -> QuerySet[Review]:
    """A reviewer's own review assignments (their queue)."""
    if not user.is_authenticated:
        return Review.objects.none()
    return Review.objects.filter(reviewer_id=user.pk)


def get_review_for_user(user: User, pk: int, *, write: bool = False) -> Review:
    """A review the user may see: their own, or one of an application they may see (the application
    page shows its reviews to staff); 404 otherwise. write=True: only its reviewer scores (403)."""
    own = Q(reviewer_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    review = (
        Review.objects.filter(own | Q(application__in=applications_for_user(user)))
        .select_related("application__batch__level", "application__enterprise", "application__baseline")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404
    if write and review.reviewer_id != user.pk:
        raise PermissionDenied
    return review


def can_see_selection(user: User) -> bool:
    """Regional staff follow the selection of the batches in their scope (selection:batch_list)."""
    return scope_for_user(user).is_regional


def can_review(user: User) -> bool:
    """Reviewers have a queue of review assignments (selection:review_list)."""
    return Membership.Role.REVIEWER in scope_for_user(user).roles
