"""Reads for accounts: what state an API token is in, as its owner and admins see it."""

import hmac
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.services import password_fingerprint

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
