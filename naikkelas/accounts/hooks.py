"""What the apps above accounts do when staff are created, invited or closed, so accounts never imports
them.

Notify registers the delivery of an invitation link (`notify_person`: WhatsApp or email).

Mentoring registers, in its AppConfig.ready(), a function that gives a new mentor her profile (based in
the office's regency/city, with the phone her mentees see) and one that stops a deactivated mentor
taking mentees (see `core.providers`)."""

from collections.abc import Callable

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.core.providers import Providers

# (actor, membership) — called inside the transaction that granted the role.
RoleGranted = Callable[[User | None, Membership], None]
# (actor, user) — called inside the transaction that deactivated the account.
AccountClosed = Callable[[User | None, User], None]

# (user, organisation, link) — queue the one-time link to the person's WhatsApp or email.
InvitationDelivery = Callable[[User, Organisation, str], None]

invitation_delivery: Providers[InvitationDelivery] = Providers("deliver a staff invitation link")
role_granted: Providers[RoleGranted] = Providers("a staff role was granted")
account_deactivated: Providers[AccountClosed] = Providers("a staff account was deactivated")


def after_role_granted(*, actor: User | None, membership: Membership) -> None:
    for provider in role_granted:
        provider(actor, membership)


def after_account_deactivated(*, actor: User | None, user: User) -> None:
    for provider in account_deactivated:
        provider(actor, user)


def invitation_deliver(*, user: User, organisation: Organisation, link: str) -> None:
    for provider in invitation_delivery:
        provider(user, organisation, link)
