"""Owners sign in the way they live: a one-time code to the WhatsApp number on record, instead of a
password (which many never set, or forget). Only for participants' accounts: staff keep their password
and authenticator.

The page asks for the WhatsApp number or the username and answers the same whatever it finds. A code goes
only to the number (or, without one, the email) already on record, never to anything typed; at most
CODES_PER_HOUR an hour per account; each typed code is counted before it is checked and locked out like a
password (accounts.security.attempt_begin), so guessing is as slow as for passwords. A code that worked
signs the owner in and lets her set a password within PASSWORD_WINDOW — the reset by WhatsApp."""

from datetime import datetime, timedelta

from django.utils import timezone

from naikkelas.accounts.models import Membership, User
from naikkelas.accounts.services.security import attempt_begin, login_succeeded
from naikkelas.core.codes import one_time_code_check, one_time_code_issue
from naikkelas.core.models import OneTimeCode
from naikkelas.notify.services.outbox import Contact, notify_person
from naikkelas.registry.models import Person
from naikkelas.registry.rules import phone_to_e164

PURPOSE = "sign-in"
CODE_TTL = timedelta(minutes=10)
CODES_PER_HOUR = 3
PASSWORD_WINDOW = timedelta(minutes=30)


def owner_account(identifier: str) -> User | None:
    """The participant's account meant by a username (any case) or a WhatsApp number on record; None for
    staff, for an inactive account, for nobody, and for a number two accounts share (then: the username)."""
    typed = identifier.strip()
    if not typed:
        return None
    user = User.objects.filter(username__iexact=typed, is_active=True).first()
    if user is None:
        try:
            phone = phone_to_e164(typed)
        except ValueError:
            return None
        ids = list(
            Person.objects.filter(phone=phone, user__isnull=False, user__is_active=True).values_list(
                "user_id", flat=True
            )[:2]
        )
        if len(ids) != 1:
            return None
        user = User.objects.get(pk=ids[0])
    if user.is_staff or user.is_superuser or Membership.objects.filter(user=user).exists():
        return None
    return user


def sign_in_code_send(*, identifier: str, now: datetime | None = None) -> bool:
    """Send a sign-in code to the contact on record of the account meant; True when one was queued (the
    page says the same either way)."""
    now = now or timezone.now()
    user = owner_account(identifier)
    if user is None:
        return False
    recent = OneTimeCode.objects.filter(
        purpose=PURPOSE, subject=str(user.pk), created_at__gte=now - timedelta(hours=1)
    )
    if recent.count() >= CODES_PER_HOUR:
        return False
    person = Person.objects.filter(user=user).first()
    contact = person if person is not None else Contact(email=user.email)
    if not (contact.phone or contact.email):
        return False
    row, code = one_time_code_issue(purpose=PURPOSE, subject=str(user.pk), ttl=CODE_TTL, now=now)
    message = notify_person(
        person=contact, template="sign_in_code", context={"code": code}, dedupe_key=f"sign-in-code:{row.pk}",
        regency_code=person.regency_code if person is not None else "",
    )  # fmt: skip
    return message is not None


def sign_in_code_check(*, identifier: str, code: str, address: str | None) -> tuple[User | None, str]:
    """The account when the code is right, else None with why ("locked", "wrong", "dead"). Every try is
    counted under the typed identifier before it is checked, like a password."""
    key = identifier.strip().lower()[:150] or "-"
    if attempt_begin(key, address, step="code").locked:
        return None, "locked"
    user = owner_account(identifier)
    if user is None:
        return None, "dead"
    result = one_time_code_check(purpose=PURPOSE, subject=str(user.pk), code=code)
    if not result.ok:
        return None, result.outcome.value
    login_succeeded(key)
    return user, "ok"
