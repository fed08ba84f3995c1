"""Who reads the outcomes: staff of any role, each over their own scope (the reads themselves go through
registry.access.enterprises_for_user). Participants and the public do not."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import Membership, User
from naikkelas.outcomes.models import PriceIndex
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


def price_province_codes_for_user(user: User) -> frozenset[str] | None:
    """The provinces whose price index (IHK) the user reads: those of their offices, whatever the role
    (None: every province, for the ministry and superusers). Staff only (403 otherwise)."""
    require_reports(user)
    scope = scope_for_user(user)
    if scope.superuser or any(grant.region is None for grant in scope.grants):
        return None
    return frozenset(grant.region.province_code for grant in scope.grants if grant.region is not None)


def price_index_for_user(user: User) -> QuerySet[PriceIndex]:
    """The IHK rows the user reads: their own provinces' only (every province: the ministry)."""
    codes = price_province_codes_for_user(user)
    rows = PriceIndex.objects.select_related("province")
    return rows if codes is None else rows.filter(province_id__in=codes)


def price_writable_codes(user: User) -> frozenset[str] | None:
    """The provinces whose IHK the user imports or deletes: a province's admins their province, a national
    admin or a superuser every one (None); viewers, regency offices and relation roles none (empty)."""
    scope = scope_for_user(user)
    if scope.superuser:
        return None
    codes: set[str] = set()
    for grant in scope.grants:
        if grant.role != Membership.Role.ADMIN:
            continue
        if grant.region is None:
            return None
        if grant.region.kind == Region.Kind.PROVINCE:
            codes.add(grant.region.code)
    return frozenset(codes)


def can_write_prices(user: User) -> bool:
    codes = price_writable_codes(user)
    return codes is None or bool(codes)


def price_sample_code(user: User) -> str:
    """The province code the sample line shows: the user's own (the first they may write, else read)."""
    codes = price_writable_codes(user)
    if not codes:
        codes = price_province_codes_for_user(user)
    return min(codes) if codes else "33"


def get_price_row_for_user(user: User, pk: int) -> PriceIndex:
    """An IHK row the user may delete: one of a province they write (404 otherwise)."""
    codes = price_writable_codes(user)
    rows = PriceIndex.objects.select_related("province")
    if codes is not None:
        rows = rows.filter(province_id__in=codes)
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row
