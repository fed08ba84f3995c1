"""Who handles personal-data requests: admins, over the people of their region (by where they live)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import Membership, User
from naikkelas.privacy.models import DataRequest
from naikkelas.registry.models import Person

HANDLER_ROLES = (Membership.Role.ADMIN,)


def can_handle_requests(user: User) -> bool:
    scope = scope_for_user(user)
    return scope.superuser or Membership.Role.ADMIN in scope.roles


def requests_for_user(user: User) -> QuerySet[DataRequest]:
    if not can_handle_requests(user):
        return DataRequest.objects.none()
    scope = scope_for_user(user)
    return DataRequest.objects.filter(scope.q("person__", roles=HANDLER_ROLES))


def person_of(user: Any) -> Person | None:
    """The signed-in user's own (not deleted) person record, if they have one."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user_id=user.pk, anonymised_at__isnull=True).first()


def own_person(user: Any) -> Person:
    """The person record of the signed-in participant; staff without one have no personal data here."""
    person = person_of(user)
    if person is None:
        raise PermissionDenied
    return person
