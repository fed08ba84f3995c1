"""Who handles personal-data requests: admins, over the people of their region (by where they live)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

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


def get_request_for_user(user: User, pk: int) -> DataRequest:
    """A request to handle: one of a person in the admin's region. Other staff whose region holds the
    person get 403 (only admins handle requests); anyone else 404."""
    found = requests_for_user(user).select_related("person").filter(pk=pk).first()
    if found is not None:
        return found
    scope = scope_for_user(user)
    if scope.is_staff and DataRequest.objects.filter(scope.q("person__"), pk=pk).exists():
        raise PermissionDenied
    raise Http404(_("Permintaan tidak ditemukan."))


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


def has_own_data(user: Any) -> bool:
    """The menu's "my data": a participant with a person record of their own (privacy:mine asks
    own_person). Asked on every page, so staff cost no query: one who also owns a business reaches the
    page from the account page (privacy/links.py)."""
    if scope_for_user(user).is_staff:
        return False
    return person_of(user) is not None
