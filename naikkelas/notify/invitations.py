"""Staff invitations: the one-time link to set a password, sent the way `notify_person` chooses.

Registered with `accounts.hooks.invitation_delivery` (accounts sits below notify and never imports it)."""

import uuid

from naikkelas.accounts.models import Organisation, User
from naikkelas.notify.services.outbox import Contact, notify_person

TEMPLATE = "staff_invitation"


def invitation_deliver(user: User, organisation: Organisation, link: str) -> None:
    notify_person(
        person=Contact(phone=user.phone, email=user.email), template=TEMPLATE,
        context={"name": user.get_full_name() or user.get_username(), "url": link},
        # Every sending is its own message: a second invitation must not be taken for a repeat.
        dedupe_key=f"staff-invitation:{user.pk}:{uuid.uuid4().hex}",
        regency_code=organisation.region_id or "",
    )  # fmt: skip
