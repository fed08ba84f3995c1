"""The one door to programs, levels and batches.

Staff see the programs (and their levels) of the provinces they work in: a regency/city office reads its
province's program to open batches of it; another province's programs are absent (404). The public reads
calls for applications through the batches (selection), not here. Only admins of the program's owner
(the province's training centre) change a program or its levels; others who see it get 403.
Staff see the batches their scope holds, and a regency/city admin also sees the province's batches of
their province, to nominate graduates upward. Only admins of the organising organisation change a batch.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from naikkelas.accounts.access import EVERYTHING, require, scope_for_user
from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.programs.models import TIER_ORGANISATION, Batch, Level, Program
from naikkelas.regions.models import Region


def _provinces_q(user: User, prefix: str) -> Q:
    """Rows whose `{prefix}province_code` is a province the user works in (any role); nothing for
    participants and anonymous users."""
    scope = scope_for_user(user)
    if scope.superuser:
        return EVERYTHING
    combined = Q(pk__in=[])
    for grant in scope.grants:
        if grant.region is None:
            return EVERYTHING
        combined |= Q(**{f"{prefix}province_code": grant.region.province_code})
    return combined


def programs_for_user(user: User) -> QuerySet[Program]:
    """Programs owned in the provinces the user works in, with their owners."""
    return Program.objects.filter(_provinces_q(user, "owner__region__")).select_related("owner__region")


def get_program_for_user(user: User, pk: int, *, write: bool = False) -> Program:
    """A program the user may see (404 otherwise); with write=True one whose owner they administer (403)."""
    program = programs_for_user(user).filter(pk=pk).first()
    if program is None:
        raise Http404
    if write and not can_manage(user, program.owner):
        raise PermissionDenied
    return program


def levels_for_user(user: User) -> QuerySet[Level]:
    """Levels of the programs the user may see, with their programs."""
    return Level.objects.filter(_provinces_q(user, "program__owner__region__")).select_related(
        "program__owner__region"
    )


def get_level_for_user(user: User, pk: int, *, write: bool = False) -> Level:
    """A level the user may see (404 otherwise); with write=True one of a program they run (403)."""
    level = levels_for_user(user).filter(pk=pk).first()
    if level is None:
        raise Http404
    if write and not can_manage(user, level.program.owner):
        raise PermissionDenied
    return level


def program_owners_for(user: User) -> QuerySet[Organisation]:
    """The province training centres the user administers: those may create (or copy) programs."""
    return organisations_managed_by(user).filter(kind=Organisation.Kind.PROVINCE_CENTRE)


def levels_open_for_batches(organisers: QuerySet[Organisation]) -> QuerySet[Level]:
    """The levels these organisers may open batches of: the current version of a level, in an open
    program of the organiser's own province, of the organiser's tier (the rule batch_create enforces)."""
    condition = Q(pk__in=[])
    for organiser in organisers.select_related("region"):
        if organiser.region is None:
            continue
        tiers = [tier for tier, kind in TIER_ORGANISATION.items() if kind == organiser.kind]
        condition |= Q(tier__in=tiers, program__owner__region__province_code=organiser.region.province_code)
    return (
        Level.objects.filter(condition, closed_at__isnull=True, program__status=Program.Status.OPEN)
        .select_related("program")
        .order_by("-program__year", "program__name", "rank")
    )


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
    """Admins of the organising organisation (and superusers) run its batches (read from the Scope,
    computed once per request, not queried per call)."""
    return scope_for_user(user).administers(organiser.pk)


def require_manage(user: User, organiser: Organisation) -> None:
    """403 for someone who sees what the organisation owns but does not run it."""
    require(can_manage(user, organiser))


def can_create_programs(user: User) -> bool:
    """Admins of a province training centre create (or copy) programs."""
    return program_owners_for(user).exists()


def require_program_owner(user: User) -> None:
    require(can_create_programs(user))


def can_open_batches(user: User) -> bool:
    """Admins of an office open batches (of their tier's levels)."""
    return organisations_managed_by(user).exists()


def require_batch_organiser(user: User) -> None:
    require(can_open_batches(user))


def get_batch_for_user(user: User, pk: int, *, write: bool = False) -> Batch:
    """A batch the user may see (404 otherwise); with write=True one they organise (403 otherwise)."""
    batch = batches_for_user(user).select_related("level__program", "organiser").filter(pk=pk).first()
    if batch is None:
        raise Http404
    if write and not can_manage(user, batch.organiser):
        raise PermissionDenied
    return batch


def organisations_managed_by(user: User) -> QuerySet[Organisation]:
    # The installation's own organisation runs no programs or batches.
    no_programs = [Organisation.Kind.MINISTRY, Organisation.Kind.INSTALLATION]
    if user.is_superuser:
        return Organisation.objects.exclude(kind__in=no_programs)
    return (
        Organisation.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN)
        .exclude(kind=Organisation.Kind.INSTALLATION)
        .distinct()
    )


def can_see_programs(user: User) -> bool:
    """Regional staff read their province's programs and batches (mentors, trainers, reviewers and
    participants have their own pages)."""
    return scope_for_user(user).is_regional
