"""The one door to programs and batches.

Programs and levels are public (anyone may read a call for applications). Staff see the batches their
scope holds, and a regency/city admin also sees the province's batches of their province, to nominate
graduates upward. Only admins of the organising organisation change a batch.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.programs.models import Batch, Level, Program
from naikkelas.regions.models import Region


def programs_for_user(user: User) -> QuerySet[Program]:
    return Program.objects.all()


def levels_for_user(user: User) -> QuerySet[Level]:
    return Level.objects.all()


def batches_for_user(user: User) -> QuerySet[Batch]:
    """Batches in the user's regional scope, plus the province batches above a regency/city's scope
    (whose participants each app then narrows to the regency's own people). Mentors, trainers and
    reviewers reach no batch through their membership (training adds the batches a trainer trains)."""
    scope = scope_for_user(user)
    if not scope.is_regional:
        return Batch.objects.none()
    provinces_above = [
        grant.region.province_code
        for grant in scope.regional_grants
        if grant.region is not None and grant.region.kind == Region.Kind.REGENCY
    ]
    return Batch.objects.filter(scope.q() | Q(regency_code="", province_code__in=provinces_above))


def sees_whole_batch(user: User, batch: Batch) -> bool:
    """Whether the user's regional scope holds the batch's organiser (all its people), rather than
    reaching it from below (a regency at a province batch: only its own people in it)."""
    return Batch.objects.filter(scope_for_user(user).q(), pk=batch.pk).exists()


def can_manage(user: User, organiser: Organisation) -> bool:
    """Admins of the organising organisation (and superusers) run its batches."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, organisation=organiser, role=Membership.Role.ADMIN).exists()


def get_batch_for_user(user: User, pk: int, *, write: bool = False) -> Batch:
    """A batch the user may see (404 otherwise); with write=True one they organise (403 otherwise)."""
    batch = batches_for_user(user).select_related("level__program", "organiser").filter(pk=pk).first()
    if batch is None:
        raise Http404
    if write and not can_manage(user, batch.organiser):
        raise PermissionDenied
    return batch


def organisations_managed_by(user: User) -> QuerySet[Organisation]:
    if user.is_superuser:
        return Organisation.objects.exclude(kind=Organisation.Kind.MINISTRY)
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).distinct()
