"""Who sees the outbox: admins see messages about their region (the hand-sent WhatsApp queue)."""

from django.db.models import QuerySet

from naikkelas.accounts.access import require, scope_for_user
from naikkelas.accounts.models import Membership, User
from naikkelas.notify.models import Message


def messages_for_user(user: User) -> QuerySet[Message]:
    scope = scope_for_user(user)
    if not (scope.superuser or Membership.Role.ADMIN in scope.roles):
        return Message.objects.none()
    return Message.objects.filter(scope.q(roles=[Membership.Role.ADMIN]))


def can_send_by_hand(user: User) -> bool:
    """Admins send the hand queue and mark it sent; viewers and other staff only look."""
    scope = scope_for_user(user)
    return scope.superuser or Membership.Role.ADMIN in scope.roles


def require_hand_sender(user: User) -> None:
    """403 for anyone who may not mark hand-sent messages (the queue itself is 404 outside the region)."""
    require(can_send_by_hand(user))
