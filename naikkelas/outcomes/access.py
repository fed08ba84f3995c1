"""Who reads the outcomes: staff of any role, each over their own scope (the reads themselves go through
registry.access.enterprises_for_user). Participants and the public do not."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import User
from naikkelas.programs.access import can_manage, get_program_for_user, programs_for_user
from naikkelas.programs.models import Program
from naikkelas.regions.models import Region
from naikkelas.registry.access import enterprises_for_user
from naikkelas.registry.models import Enterprise


def can_see_reports(user: User) -> bool:
    """Staff of any role read the outcomes of their scope (outcomes:cohort)."""
    return scope_for_user(user).is_staff


def require_reports(user: User) -> None:
    if not can_see_reports(user):
        raise PermissionDenied


def regions_for_reports(user: User) -> QuerySet[Region]:
    """The provinces and regencies/cities a user may filter by (a province: the national overview's
    drill-down)."""
    scope = scope_for_user(user)
    kinds = [Region.Kind.PROVINCE, Region.Kind.REGENCY]
    return Region.objects.filter(kind__in=kinds).filter(scope.q()).order_by("code")


def own_enterprise(user: User) -> Enterprise:
    """The participant's own business, for her story; staff and outsiders get 403."""
    enterprise = enterprises_for_user(user).filter(owner__user_id=user.pk).first()
    if enterprise is None:
        raise PermissionDenied
    return enterprise


def report_narrowing(user: User, asked: str | None) -> list[Region] | None:
    """When the region asked for (a province, regency/city or district code) reaches beyond the user's
    scope, the regions the report actually covers (the user's own, inside what was asked); None when
    the report covers all that was asked. A Kota Semarang admin asking for Central Java ("33") gets
    Kota Semarang's figures, and must be told so."""
    if not asked:
        return None
    scope = scope_for_user(user)
    if scope.superuser:
        return None
    regions = [grant.region for grant in scope.regional_grants]
    if any(region is None or asked.startswith(region.code) for region in regions):
        return None
    inside = [r for r in regions if r is not None and r.code.startswith(asked)]
    return sorted({r.code: r for r in inside}.values(), key=lambda r: r.code)


def plan_programs_for_user(user: User) -> QuerySet[Program]:
    """The programs whose analysis plans a staff member reads: those they see."""
    require_reports(user)
    return programs_for_user(user).select_related("analysis_plan").order_by("-year", "name")


def get_plan_program_for_user(user: User, pk: int, *, write: bool = False) -> Program:
    """A program whose plan the user reads (404 otherwise); write=True: one whose owner they administer."""
    require_reports(user)
    return get_program_for_user(user, pk, write=write)


def can_edit_plan(user: User, program: Program) -> bool:
    return can_manage(user, program.owner)
