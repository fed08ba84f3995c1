"""Reads for accounts: what state an API token is in, as its owner and admins see it; the staff list."""

import hmac
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naikkelas.accounts.models import ApiToken, Membership, TwoFactorDevice, User
from naikkelas.accounts.services.tokens import password_fingerprint

TOKEN_STATES = {
    "active": _("aktif"),
    "expired": _("kedaluwarsa"),
    "revoked": _("dicabut"),
    "password_changed": _("berhenti: kata sandi berubah"),
    "inactive": _("berhenti: akun nonaktif"),
}


def api_token_state(token: ApiToken, *, now: datetime | None = None) -> str:
    """One of TOKEN_STATES; the same conditions as `services.user_for_token`, in the same order."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= (now or timezone.now()):
        return "expired"
    if not token.user.is_active:
        return "inactive"
    if not hmac.compare_digest(token.password_fingerprint, password_fingerprint(token.user)):
        return "password_changed"
    return "active"


def staff_rows(users: QuerySet[User], *, q: str = "", state: str = "") -> QuerySet[User]:
    """Staff with what the list shows: whether they have signed in, and whether an admin among them has
    an authenticator; narrowed by a search and a state (never / no_2fa / inactive)."""
    confirmed = TwoFactorDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
    admin = Membership.objects.filter(user=OuterRef("pk"), role=Membership.Role.ADMIN)
    rows = users.annotate(has_device=Exists(confirmed), is_admin=Exists(admin))
    if q:
        rows = rows.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q))
    if state == "never":
        rows = rows.filter(last_login__isnull=True, is_active=True)
    elif state == "no_2fa":
        rows = rows.filter(is_admin=True, has_device=False, is_active=True)
    elif state == "inactive":
        rows = rows.filter(is_active=False)
    return rows
