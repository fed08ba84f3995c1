"""Who reads the outcomes: staff of any role, each over their own scope (the reads themselves go through
registry.access.enterprises_for_user). Participants and the public do not."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import User
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
